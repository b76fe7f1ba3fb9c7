package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** A rule's verdict on one image. */
    private record Mark(DecisionAction action, Reason reason, Integer rulePriority) {
    }

    public static Plan evaluate(LifecyclePolicy policy, Collection<Image> images, Instant now) {
        ImageGraph graph = ImageGraph.of(images);
        Map<Digest, Mark> marks = new LinkedHashMap<>();
        Map<Digest, Mark> keeps = new HashMap<>();
        Map<Digest, Rule> claimedBy = new HashMap<>();

        for (Rule rule : policy.rules()) {
            Selection selection = rule.selection();
            List<Image> candidates = new ArrayList<>();
            for (Image image : graph.images()) {
                if (selection.isCandidate(image)) {
                    candidates.add(image);
                }
            }
            Set<Digest> over = overLimit(selection, candidates, now);
            Reason acted = Reason.forCountType(selection.countType());
            for (Image image : candidates) {
                Digest d = image.digest();
                Rule owner = claimedBy.get(d);
                if (owner == null) {
                    if (over.contains(d)) {
                        marks.put(d, new Mark(rule.action().decision(), acted, rule.rulePriority()));
                    } else {
                        Reason why = selection.countType() == CountType.IMAGE_COUNT_MORE_THAN
                                ? Reason.WITHIN_COUNT : Reason.NOT_OLD_ENOUGH;
                        keeps.put(d, new Mark(DecisionAction.KEEP, why, rule.rulePriority()));
                    }
                    claimedBy.put(d, rule);
                } else if (over.contains(d) && !marks.containsKey(d)) {
                    keeps.put(d, new Mark(DecisionAction.KEEP, Reason.MATCHED_BY_HIGHER_PRIORITY_RULE, owner.rulePriority()));
                }
            }
        }

        protectGraph(graph, marks, keeps);
        cascadeToReferrers(graph, marks);

        Map<Digest, Decision> decisions = new LinkedHashMap<>();
        for (Image image : graph.images()) {
            Digest d = image.digest();
            Mark m = marks.get(d);
            if (m == null) {
                m = keeps.getOrDefault(d, new Mark(DecisionAction.KEEP,
                        image.storageClass().isEmpty() ? Reason.RESTORING : Reason.NOT_SELECTED, null));
            }
            decisions.put(d, new Decision(image, m.action(), m.reason(), m.rulePriority(), 0, 0));
        }
        return Plan.fromGraph(graph, decisions);
    }

    /** The candidates beyond the rule's count or age limit. */
    private static Set<Digest> overLimit(Selection selection, List<Image> candidates, Instant now) {
        Set<Digest> over = new HashSet<>();
        int n = selection.countNumber();
        switch (selection.countType()) {
            case IMAGE_COUNT_MORE_THAN: {
                // Newest first; equal times are unspecified by ECR, the digest makes the order stable.
                List<Image> ranked = new ArrayList<>(candidates);
                ranked.sort(Comparator.comparing(Image::effectivePushTime).reversed().thenComparing(Image::digest));
                for (int i = n; i < ranked.size(); i++) {
                    over.add(ranked.get(i).digest());
                }
                break;
            }
            case SINCE_IMAGE_PUSHED:
                addOlderThan(candidates, n, now, over, Image::effectivePushTime);
                break;
            case SINCE_IMAGE_PULLED:
                addOlderThan(candidates, n, now, over, Image::pullReferenceTime);
                break;
            case SINCE_IMAGE_TRANSITIONED:
                addOlderThan(candidates, n, now, over, Image::lastArchivedAt);
                break;
            default:
                throw new IllegalStateException("unknown count type " + selection.countType());
        }
        return over;
    }

    private static void addOlderThan(List<Image> candidates, int days, Instant now, Set<Digest> over,
            java.util.function.Function<Image, Instant> since) {
        Duration limit = Duration.ofDays(days);
        for (Image image : candidates) {
            Instant t = since.apply(image);
            // "Older than N days" is strict: an image exactly N days old stays.
            if (t != null && t.plus(limit).isBefore(now)) {
                over.add(image.digest());
            }
        }
    }

    /**
     * Unmarks children whose indexes survive and referrers whose subject survives, until nothing
     * changes (an index unmarked this way protects its own children in the next pass).
     */
    private static void protectGraph(ImageGraph graph, Map<Digest, Mark> marks, Map<Digest, Mark> keeps) {
        Map<Digest, Mark> blocked = new LinkedHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Digest d : new ArrayList<>(marks.keySet())) {
                Image image = graph.get(d).orElseThrow();
                if (blockedBy(graph, image, marks) != null) {
                    blocked.put(d, marks.remove(d));
                    changed = true;
                }
            }
        }
        // The reason is read from the final state, so it does not depend on the order of the passes.
        blocked.forEach((d, mark) -> keeps.put(d, new Mark(DecisionAction.KEEP,
                blockedBy(graph, graph.get(d).orElseThrow(), marks, mark.action()), mark.rulePriority())));
    }

    private static Reason blockedBy(ImageGraph graph, Image image, Map<Digest, Mark> marks) {
        return blockedBy(graph, image, marks, marks.get(image.digest()).action());
    }

    /** Why an index or subject that stays forbids {@code action} on the image, or null when nothing does. */
    private static Reason blockedBy(ImageGraph graph, Image image, Map<Digest, Mark> marks, DecisionAction action) {
        for (Image parent : graph.parentsOf(image)) {
            if (!permits(marks.get(parent.digest()), action)) {
                return Reason.CHILD_OF_KEPT_INDEX;
            }
        }
        var subject = graph.subjectOf(image);
        if (subject.isPresent() && !permits(marks.get(subject.get().digest()), action)) {
            return Reason.REFERRER_OF_KEPT_SUBJECT;
        }
        return null;
    }

    /** Whether an owner (index or subject) with this mark lets its dependant take {@code action}. */
    private static boolean permits(Mark owner, DecisionAction action) {
        return owner != null && (owner.action() == DecisionAction.EXPIRE || action == DecisionAction.TRANSITION);
    }

    /** ECR expires or archives the referrers of an expired or archived subject; the plan shows them. */
    private static void cascadeToReferrers(ImageGraph graph, Map<Digest, Mark> marks) {
        Deque<Image> work = new ArrayDeque<>();
        marks.keySet().forEach(d -> work.add(graph.get(d).orElseThrow()));
        while (!work.isEmpty()) {
            Image subject = work.poll();
            Mark mark = marks.get(subject.digest());
            for (Image referrer : graph.referrersOf(subject)) {
                if (marks.containsKey(referrer.digest())) {
                    continue;
                }
                boolean parentsAllow = graph.parentsOf(referrer).stream()
                        .allMatch(p -> permits(marks.get(p.digest()), mark.action()));
                boolean movable = mark.action() == DecisionAction.EXPIRE
                        || referrer.storageClass().filter(StorageClass.STANDARD::equals).isPresent();
                if (parentsAllow && movable) {
                    Reason reason = mark.action() == DecisionAction.EXPIRE ? Reason.SUBJECT_EXPIRED : Reason.SUBJECT_ARCHIVED;
                    marks.put(referrer.digest(), new Mark(mark.action(), reason, mark.rulePriority()));
                    work.add(referrer);
                }
            }
        }
    }
}
