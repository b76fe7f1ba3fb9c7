package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Evaluates a lifecycle policy the way ECR does (see the "Lifecycle policy evaluation rules" of the
 * ECR user guide):
 * <ol>
 *   <li>every rule looks at all images at once; the marks are then applied in priority order;</li>
 *   <li>an image is expired or transitioned by at most one rule;</li>
 *   <li>an image that a rule's selection matched can never be acted on by a lower-priority rule, even
 *       when that rule left it alone;</li>
 *   <li>{@code imageCountMoreThan} ranks all of its candidates, including those claimed by higher
 *       rules, and only then skips the claimed ones;</li>
 *   <li>a child of a surviving index and a referrer of a surviving subject are never acted on; the
 *       referrers of an expired or archived subject follow it.</li>
 * </ol>
 */
public final class LifecycleEvaluator {

    private LifecycleEvaluator() {
    }

    public static Plan evaluate(LifecyclePolicy policy, Collection<Image> images, Instant now) {
        ImageGraph graph = ImageGraph.of(images);
        int n = graph.size();
        Verdicts verdicts = new Verdicts(graph);
        // The priority of the first rule whose selection matched the image; 0 while none has.
        int[] claimedBy = new int[n];

        for (Rule rule : policy.rules()) {
            Selection selection = rule.selection();
            int priority = rule.rulePriority();
            DecisionAction act = rule.action().decision();
            Reason acted = Reason.forCountType(selection.countType());
            Reason spared = selection.countType() == CountType.IMAGE_COUNT_MORE_THAN ? Reason.WITHIN_COUNT : Reason.NOT_OLD_ENOUGH;
            int rank = 0;
            // The graph holds images newest first, so candidates arrive ranked for imageCountMoreThan.
            for (int i = 0; i < n; i++) {
                Image image = graph.at(i);
                if (!selection.isCandidate(image)) {
                    continue;
                }
                boolean over = isOver(selection, image, rank++, now);
                if (claimedBy[i] == 0) {
                    claimedBy[i] = priority;
                    if (over) {
                        verdicts.set(i, act, acted, priority);
                    } else {
                        verdicts.keep(i, spared, priority);
                    }
                } else if (over && !verdicts.acts(i)) {
                    verdicts.keep(i, Reason.MATCHED_BY_HIGHER_PRIORITY_RULE, claimedBy[i]);
                }
            }
        }

        protectGraph(graph, verdicts);
        if (protectUnknownChildren(graph, verdicts)) {
            protectGraph(graph, verdicts); // their referrers stay too
        }
        cascadeToReferrers(graph, verdicts);

        for (int i = 0; i < n; i++) {
            if (!verdicts.isDecided(i)) {
                verdicts.keep(i, graph.at(i).storageClass().isEmpty() ? Reason.RESTORING : Reason.NOT_SELECTED, 0);
            }
        }
        return verdicts.toPlan();
    }

    /** Whether a candidate, {@code rank}-th newest among the rule's candidates, is beyond the rule's limit. */
    private static boolean isOver(Selection selection, Image image, int rank, Instant now) {
        switch (selection.countType()) {
            case IMAGE_COUNT_MORE_THAN:
                return rank >= selection.countNumber();
            case SINCE_IMAGE_PUSHED:
                return olderThan(image.effectivePushTime(), selection.countNumber(), now);
            case SINCE_IMAGE_PULLED:
                return olderThan(image.pullReferenceTime(), selection.countNumber(), now);
            case SINCE_IMAGE_TRANSITIONED:
                return olderThan(image.lastArchivedAt(), selection.countNumber(), now);
            default:
                throw new IllegalStateException("unknown count type " + selection.countType());
        }
    }

    // "Older than N days" is strict: an image exactly N days old stays.
    private static boolean olderThan(Instant since, int days, Instant now) {
        return since != null && since.plus(Duration.ofDays(days)).isBefore(now);
    }

    /**
     * Unmarks children whose indexes stay and referrers whose subject stays. Unmarking an image can
     * block its own children and referrers, so they are checked again, until nothing changes.
     */
    private static void protectGraph(ImageGraph graph, Verdicts verdicts) {
        int n = graph.size();
        DecisionAction[] wanted = new DecisionAction[n];
        int[] stack = new int[n];
        int top = 0;
        for (int i = 0; i < n; i++) {
            if (verdicts.acts(i)) {
                stack[top++] = i;
            }
        }
        boolean[] queued = new boolean[n];
        while (top > 0) {
            int i = stack[--top];
            queued[i] = false;
            if (!verdicts.acts(i) || blockedBy(graph, verdicts, i, verdicts.action(i)) == null) {
                continue;
            }
            wanted[i] = verdicts.action(i);
            verdicts.keep(i, Reason.NOT_SELECTED, verdicts.priority(i)); // reason settled below
            for (int[] dependants : new int[][] {graph.children(i), graph.referrers(i)}) {
                for (int d : dependants) {
                    if (verdicts.acts(d) && !queued[d]) {
                        queued[d] = true;
                        stack[top++] = d;
                    }
                }
            }
        }
        // The reason is read from the final state, so it does not depend on the order of the checks.
        for (int i = 0; i < n; i++) {
            if (wanted[i] != null) {
                verdicts.keep(i, blockedBy(graph, verdicts, i, wanted[i]), verdicts.priority(i));
            }
        }
    }

    /**
     * Without the manifests of some indexes, any untagged manifest may be one of their children; while
     * such an index stays, those manifests stay too. Returns whether anything was unmarked.
     */
    private static boolean protectUnknownChildren(ImageGraph graph, Verdicts verdicts) {
        boolean changed = false;
        for (int i = 0; i < graph.size(); i++) {
            if (verdicts.acts(i) && graph.mayBeUnknownChild(i)) {
                DecisionAction action = verdicts.action(i);
                for (int index : graph.opaqueIndexes()) {
                    if (!permits(verdicts, index, action)) {
                        verdicts.keep(i, Reason.INDEX_CHILDREN_UNKNOWN, verdicts.priority(i));
                        changed = true;
                        break;
                    }
                }
            }
        }
        return changed;
    }

    /** Why an index or subject that stays forbids {@code action} on image {@code i}, or null when nothing does. */
    private static Reason blockedBy(ImageGraph graph, Verdicts verdicts, int i, DecisionAction action) {
        for (int p : graph.parents(i)) {
            if (!permits(verdicts, p, action)) {
                return Reason.CHILD_OF_KEPT_INDEX;
            }
        }
        int s = graph.subject(i);
        if (s >= 0 && !permits(verdicts, s, action)) {
            return Reason.REFERRER_OF_KEPT_SUBJECT;
        }
        return null;
    }

    /** Whether an owner (index or subject) lets its dependant take {@code action}: expired, or both transitioned. */
    private static boolean permits(Verdicts verdicts, int owner, DecisionAction action) {
        return verdicts.acts(owner)
                && (verdicts.action(owner) == DecisionAction.EXPIRE || action == DecisionAction.TRANSITION);
    }

    /** ECR expires or archives the referrers of an expired or archived subject; the plan shows them. */
    private static void cascadeToReferrers(ImageGraph graph, Verdicts verdicts) {
        int n = graph.size();
        int[] stack = new int[n];
        int top = 0;
        for (int i = 0; i < n; i++) {
            if (verdicts.acts(i) && graph.referrers(i).length > 0) {
                stack[top++] = i;
            }
        }
        while (top > 0) {
            int subject = stack[--top];
            DecisionAction action = verdicts.action(subject);
            for (int r : graph.referrers(subject)) {
                if (verdicts.acts(r) || blockedBy(graph, verdicts, r, action) != null) {
                    continue;
                }
                boolean movable = action == DecisionAction.EXPIRE
                        || graph.at(r).storageClass().filter(StorageClass.STANDARD::equals).isPresent();
                if (movable) {
                    Reason reason = action == DecisionAction.EXPIRE ? Reason.SUBJECT_EXPIRED : Reason.SUBJECT_ARCHIVED;
                    verdicts.set(r, action, reason, verdicts.priority(subject));
                    if (graph.referrers(r).length > 0) {
                        stack[top++] = r;
                    }
                }
            }
        }
    }
}
