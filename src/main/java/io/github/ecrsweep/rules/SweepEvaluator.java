package io.github.ecrsweep.rules;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans one repository by the rules of a rule file's block ({@code ecrsweep sweep}). The semantics, with
 * worked cases, are those of {@code docs/RULES.md}:
 * <ol>
 *   <li>Rules decide only the repository's top-level images: an image an index lists goes with its
 *       indexes, a referrer with its subject, a cosign tag signature with the image it signs (when that
 *       image is in the repository), and an image being restored stays.</li>
 *   <li>One rule per image: the first rule, in file order, that matches an image decides it; no later
 *       rule sees it, whatever the first one decided.</li>
 *   <li>A rule keeps the newest {@code keep} images it decides (by push time, the last restore counting
 *       as a push; per group with {@code groupBy}, an image in several groups kept when it is among the
 *       newest of any), then those pushed within {@code olderThan} and those pulled within
 *       {@code pulledBefore}; it deletes or archives the rest. A deletion of an image archived 90 days ago
 *       or less is held, as ECR's archive minimum asks.</li>
 *   <li>An index that goes takes the untagged children no other index keeps, a subject its untagged
 *       referrers and cosign signatures, each in a wave after it; archived the same way when archived.</li>
 *   <li>Protection comes last and only keeps more: what the {@code never} lists name and what is in use
 *       stay, with every image they need through the graph.</li>
 * </ol>
 */
public final class SweepEvaluator {

    private SweepEvaluator() {}

    public static Plan plan(
            List<SweepRule> rules, RuleSet.Never never, Collection<Image> images, Instant now, Pins inUse) {
        return plan(rules, never, images, now, inUse, TagMutability.MUTABLE);
    }

    /**
     * As {@link #plan(List, RuleSet.Never, Collection, Instant, Pins)}, an untag rule refusing the tags that the
     * repository's tag immutability covers.
     */
    public static Plan plan(
            List<SweepRule> rules,
            RuleSet.Never never,
            Collection<Image> images,
            Instant now,
            Pins inUse,
            TagMutability mutability) {
        ImageGraph graph = ImageGraph.of(images);
        int n = graph.size();
        Verdicts verdicts = new Verdicts(graph);
        int[] signs = signedSubjects(graph);

        // One rule per image: the first that matches claims it.
        int[] claimedBy = new int[n];
        for (int i = 0; i < n; i++) {
            if (!isTopLevel(graph, signs, i)) {
                continue;
            }
            for (SweepRule rule : rules) {
                if (rule.matches(graph.at(i))) {
                    claimedBy[i] = rule.number();
                    break;
                }
            }
        }
        for (SweepRule rule : rules) {
            decide(rule, graph, claimedBy, verdicts, now, mutability);
        }

        for (int i = 0; i < n; i++) {
            if (verdicts.acts(i) && graph.mayBeUnknownChild(i)) {
                verdicts.keep(i, Reason.INDEX_CHILDREN_UNKNOWN, verdicts.priority(i));
            }
        }
        cascade(graph, signs, verdicts);

        verdicts.hold(never.pins(graph.images()), Reason.NEVER);
        verdicts.pin(inUse, true);
        // A signature goes only with the image it signs: kept, with its own graph, when that image now stays;
        // until no more stay, since what a signature holds may be signed in turn.
        while (true) {
            Pins.Builder signatures = Pins.builder();
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (signs[i] >= 0 && verdicts.acts(i) && !verdicts.moves(signs[i])) {
                    signatures.digest(graph.at(i).digest(), "signature");
                    any = true;
                }
            }
            if (!any) {
                break;
            }
            verdicts.hold(signatures.build(), Reason.SUBJECT_PRESENT);
        }

        for (int i = 0; i < n; i++) {
            if (!verdicts.isDecided(i)) {
                verdicts.keep(i, keptReason(graph, signs, i), 0);
            }
        }
        return verdicts.toPlan();
    }

    /** For each cosign tag signature whose subject is in the repository, the subject's position; else -1. */
    private static int[] signedSubjects(ImageGraph graph) {
        int[] signs = new int[graph.size()];
        for (int i = 0; i < signs.length; i++) {
            signs[i] = graph.at(i).cosignSubject().map(graph::position).orElse(-1);
            if (signs[i] == i) {
                signs[i] = -1; // a signature of itself is no dependency
            }
        }
        return signs;
    }

    private static boolean isTopLevel(ImageGraph graph, int[] signs, int i) {
        return graph.at(i).storageClass().isPresent()
                && graph.parents(i).length == 0
                && graph.subject(i) < 0
                && signs[i] < 0;
    }

    /** The rule's decisions on the images it claimed, newest first. */
    private static void decide(
            SweepRule rule,
            ImageGraph graph,
            int[] claimedBy,
            Verdicts verdicts,
            Instant now,
            TagMutability mutability) {
        int rank = 0;
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < graph.size(); i++) {
            if (claimedBy[i] != rule.number()) {
                continue;
            }
            Image image = graph.at(i);
            if (rule.action() == SweepRule.Action.KEEP) {
                verdicts.keep(i, Reason.KEPT_BY_RULE, rule.number());
                continue;
            }
            boolean withinCount = false;
            if (rule.keep() != null && rule.groupBy() == null) {
                withinCount = rank++ < rule.keep();
            } else if (rule.keep() != null) {
                for (String group : rule.groups(image)) {
                    withinCount |= ranks.merge(group, 1, Integer::sum) <= rule.keep();
                }
            }
            Reason spared = withinCount ? Reason.WITHIN_COUNT : rule.spares(image, now);
            if (spared == null && rule.action() == SweepRule.Action.DELETE && inArchiveMinimum(image, now)) {
                spared = Reason.ARCHIVE_MINIMUM;
            }
            if (spared != null) {
                verdicts.keep(i, spared, rule.number());
            } else if (rule.action() == SweepRule.Action.UNTAG) {
                untag(rule, image, i, verdicts, mutability);
            } else {
                verdicts.set(i, rule.decision(), Reason.RULE, rule.number());
            }
        }
    }

    /** An untag rule's decision: its tags go, never the last one (ECR would delete the image), never an immutable one. */
    private static void untag(SweepRule rule, Image image, int i, Verdicts verdicts, TagMutability mutability) {
        List<String> tags = rule.untagTags(image);
        if (tags.size() >= image.tags().size()) {
            verdicts.keep(i, Reason.LAST_TAG, rule.number());
        } else if (tags.stream().anyMatch(mutability::isImmutable)) {
            verdicts.keep(i, Reason.TAG_IMMUTABLE, rule.number());
        } else {
            verdicts.untag(i, tags, Reason.RULE, rule.number());
        }
    }

    private static boolean inArchiveMinimum(Image image, Instant now) {
        return image.status() == ImageStatus.ARCHIVED
                && (image.lastArchivedAt() == null
                        || !image.lastArchivedAt()
                                .plus(java.time.Duration.ofDays(LifecycleEvaluator.ARCHIVE_MINIMUM_DAYS))
                                .isBefore(now));
    }

    /**
     * What goes with what goes: the untagged children no kept index lists, untagged referrers and the
     * cosign signatures of a subject; deleted when everything they depend on is deleted, archived when
     * something they depend on is archived (and they are in the standard storage class).
     */
    private static void cascade(ImageGraph graph, int[] signs, Verdicts verdicts) {
        int n = graph.size();
        List<Integer>[] signatures = signaturesBySubject(signs);
        int[] stack = new int[n];
        int top = verdicts.where(stack, verdicts::moves);
        while (top > 0) {
            int gone = stack[--top];
            for (int c : graph.children(gone)) {
                if (follow(graph, verdicts, c, -1, Reason.CHILD_OF_DELETED_INDEX, false)) {
                    stack[top++] = c;
                }
            }
            for (int r : graph.referrers(gone)) {
                if (follow(graph, verdicts, r, gone, Reason.SUBJECT_DELETED, false)) {
                    stack[top++] = r;
                }
            }
            if (signatures[gone] != null) {
                for (int s : signatures[gone]) {
                    if (follow(graph, verdicts, s, gone, Reason.SUBJECT_DELETED, true)) {
                        stack[top++] = s;
                    }
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array, filled here only
    private static List<Integer>[] signaturesBySubject(int[] signs) {
        List<Integer>[] bySubject = new List[signs.length];
        for (int i = 0; i < signs.length; i++) {
            if (signs[i] >= 0) {
                if (bySubject[signs[i]] == null) {
                    bySubject[signs[i]] = new java.util.ArrayList<>(1);
                }
                bySubject[signs[i]].add(i);
            }
        }
        return bySubject;
    }

    /**
     * Decides a dependant once everything it depends on acts: its indexes and its subject (a position, or
     * -1 for its OCI subject). Returns whether it now acts. A tagged dependant stays, its tag may be pulled
     * on its own, except a cosign signature ({@code signature}), whose tags only name its subject.
     */
    private static boolean follow(
            ImageGraph graph, Verdicts verdicts, int i, int subject, Reason deleted, boolean signature) {
        Image image = graph.at(i);
        int[] parents = graph.parents(i);
        if (verdicts.acts(i) || image.storageClass().isEmpty() || image.isTagged() && !signature) {
            return false;
        }
        boolean archive = false;
        for (int p : parents) {
            if (!verdicts.moves(p)) {
                return false;
            }
            archive |= verdicts.action(p) == DecisionAction.TRANSITION;
        }
        int s = subject >= 0 ? subject : graph.subject(i);
        if (s >= 0) {
            if (!verdicts.moves(s)) {
                return false;
            }
            archive |= verdicts.action(s) == DecisionAction.TRANSITION;
        }
        if (archive && image.status() != ImageStatus.ACTIVE) {
            return false; // already archived (or being restored): nothing to do
        }
        if (graph.heldByUnknownIndex(i, verdicts::moves)) {
            // An index that stays may list it as well: it stays until that index's manifest is read.
            verdicts.keep(i, Reason.INDEX_CHILDREN_UNKNOWN, verdicts.priority(s >= 0 ? s : parents[0]));
            return false;
        }
        Reason reason = !archive
                ? deleted
                : deleted == Reason.CHILD_OF_DELETED_INDEX ? Reason.CHILD_OF_ARCHIVED_INDEX : Reason.SUBJECT_ARCHIVED;
        verdicts.set(
                i,
                archive ? DecisionAction.TRANSITION : DecisionAction.DELETE,
                reason,
                verdicts.priority(s >= 0 ? s : parents[0]));
        return true;
    }

    private static Reason keptReason(ImageGraph graph, int[] signs, int i) {
        Image image = graph.at(i);
        if (image.storageClass().isEmpty()) {
            return Reason.RESTORING;
        }
        if (graph.parents(i).length > 0) {
            return image.isTagged() ? Reason.TAGGED : Reason.CHILD_OF_KEPT_INDEX;
        }
        if (graph.subject(i) >= 0) {
            return Reason.REFERRER_OF_KEPT_SUBJECT;
        }
        if (signs[i] >= 0) {
            return Reason.SUBJECT_PRESENT;
        }
        return Reason.NOT_SELECTED;
    }
}
