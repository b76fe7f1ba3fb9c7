package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Evaluates a lifecycle policy the way ECR does. Each rule below quotes its source; "evaluation
 * rules" is https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html, "archive"
 * is https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html.
 * <ol>
 *   <li>"All rules are evaluated at the same time, regardless of rule priority. After all rules are
 *       evaluated, they are then applied based on rule priority." (evaluation rules)</li>
 *   <li>"An image is expired or archived by exactly one or zero rules." (evaluation rules)</li>
 *   <li>"An image that matches the tagging requirements of a rule cannot be expired or archived by a
 *       rule with a lower priority." (evaluation rules)</li>
 *   <li>"Rules can never mark images that are marked by higher priority rules, but can still identify
 *       them as if they haven't been expired or archived": {@code imageCountMoreThan} ranks all of its
 *       candidates, including those claimed by higher rules, and only then skips the claimed ones
 *       (evaluation rules; "All images, Example B" of lifecycle_policy_examples.html).</li>
 *   <li>"If an image is referenced by a manifest list, it cannot be expired or archived without the
 *       manifest list being deleted or archived first" (evaluation rules); when the manifest list's
 *       children are unknown, any manifest that could be one of them stays.</li>
 *   <li>Referrers are tied to their subject only by the OCI {@code subject} field: "When reference
 *       artifacts are present, lifecycle automatically expires or archives those artifacts within 24
 *       hours of the deletion or archival of the subject image" (evaluation rules). A cosign tag
 *       signature has no subject field and is an ordinary tagged image.</li>
 *   <li>"Archived images have a minimum storage duration of 90 days. You cannot configure lifecycle
 *       policies that delete images that have been in archive for less than 90 days." (archive): no
 *       image archived for 90 days or less, or at an unknown time, is ever shown as expired.</li>
 * </ol>
 */
public final class LifecycleEvaluator {

    /** The minimum storage duration of the archive storage class, in days. */
    public static final int ARCHIVE_MINIMUM_DAYS = 90;

    private LifecycleEvaluator() {}

    public static Plan evaluate(LifecyclePolicy policy, Collection<Image> images, Instant now) {
        return evaluate(policy, images, now, Pins.none());
    }

    /**
     * What ECR would do, exactly, with every decision on an image in use carrying the sources that report
     * it: ECR's lifecycle does not know what runs, so a preview shows its action and flags the danger.
     */
    public static Plan evaluate(LifecyclePolicy policy, Collection<Image> images, Instant now, Pins pins) {
        Verdicts verdicts = decide(policy, images, now);
        verdicts.pin(pins, false);
        return verdicts.toPlan();
    }

    /**
     * What {@code ecrsweep expire} does now with the policy: exactly ECR's decisions (those of
     * {@link #evaluate}), except that an image in use stays, as {@code in-use}, with the graph that holds
     * it, and that with {@code archive} false the transitions are left to ECR ({@code archive-left-to-ecr}).
     */
    public static Plan expireNow(
            LifecyclePolicy policy, Collection<Image> images, Instant now, Pins pins, boolean archive) {
        Verdicts verdicts = decide(policy, images, now);
        verdicts.pin(pins, true);
        if (!archive) {
            verdicts.leaveTransitions();
        }
        return verdicts.toPlan();
    }

    /** Repositories with this many images have their candidates found on a second thread while the graph is built. */
    static final int PARALLEL_MIN = 20_000;

    private static Verdicts decide(LifecyclePolicy policy, Collection<Image> images, Instant now) {
        Image[] sorted = ImageGraph.sorted(images);
        Candidates candidates = Candidates.find(policy, sorted, sorted.length >= PARALLEL_MIN);
        return decide(policy, ImageGraph.ofSorted(sorted), candidates.get(), now);
    }

    private static Verdicts decide(LifecyclePolicy policy, ImageGraph graph, boolean[][] candidates, Instant now) {
        int n = graph.size();
        Verdicts verdicts = new Verdicts(graph);
        // The priority of the first rule whose selection matched the image; 0 while none has.
        int[] claimedBy = new int[n];

        for (int r = 0; r < policy.rules().size(); r++) {
            Rule rule = policy.rules().get(r);
            Selection selection = rule.selection();
            boolean[] candidate = candidates[r];
            int priority = rule.rulePriority();
            DecisionAction act = rule.action().decision();
            Reason acted = Reason.forCountType(selection.countType());
            Reason spared = selection.countType() == CountType.IMAGE_COUNT_MORE_THAN
                    ? Reason.WITHIN_COUNT
                    : Reason.NOT_OLD_ENOUGH;
            int rank = 0;
            // The graph holds images newest first, so candidates arrive ranked for imageCountMoreThan.
            for (int i = 0; i < n; i++) {
                if (!candidate[i]) {
                    continue;
                }
                Image image = graph.at(i);
                boolean over = isOver(selection, image, rank++, now);
                if (claimedBy[i] == 0) {
                    claimedBy[i] = priority;
                    if (over && act == DecisionAction.EXPIRE && withinArchiveMinimum(image, now)) {
                        verdicts.keep(i, Reason.ARCHIVE_MINIMUM, priority);
                    } else if (over) {
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
        cascadeToReferrers(graph, verdicts, now);

        for (int i = 0; i < n; i++) {
            if (!verdicts.isDecided(i)) {
                verdicts.keep(i, graph.at(i).storageClass().isEmpty() ? Reason.RESTORING : Reason.NOT_SELECTED, 0);
            }
        }
        return verdicts;
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

    /** An archived image that has not been in archive for more than 90 days, or since an unknown time. */
    private static boolean withinArchiveMinimum(Image image, Instant now) {
        return image.status() == ImageStatus.ARCHIVED && !olderThan(image.lastArchivedAt(), ARCHIVE_MINIMUM_DAYS, now);
    }

    /**
     * Unmarks children whose indexes stay and referrers whose subject stays. Unmarking an image can
     * block its own children and referrers, so they are checked again, until nothing changes.
     */
    private static void protectGraph(ImageGraph graph, Verdicts verdicts) {
        int n = graph.size();
        DecisionAction[] wanted = new DecisionAction[n];
        int[] stack = new int[n];
        int top = verdicts.where(stack, verdicts::acts);
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

    /**
     * ECR expires or archives the referrers of an expired or archived subject; the plan shows them. A
     * referrer in archive for 90 days or less stays, since lifecycle may not delete it yet.
     */
    private static void cascadeToReferrers(ImageGraph graph, Verdicts verdicts, Instant now) {
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
                        || graph.at(r)
                                .storageClass()
                                .filter(StorageClass.STANDARD::equals)
                                .isPresent();
                if (movable && action == DecisionAction.EXPIRE && withinArchiveMinimum(graph.at(r), now)) {
                    verdicts.keep(r, Reason.ARCHIVE_MINIMUM, verdicts.priority(subject));
                } else if (movable) {
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
