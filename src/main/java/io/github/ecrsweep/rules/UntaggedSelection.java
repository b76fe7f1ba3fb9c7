package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which untagged images to delete, on the repository's graph rather than a flat list:
 * <ul>
 *   <li>candidates are untagged images that no present index lists and that refer to no present
 *       subject, plus signatures and other referrers whose subject is gone;</li>
 *   <li>the {@code keepNewest} most recently pushed untagged candidates stay whatever their age, and
 *       with {@code olderThan} only candidates pushed before {@code now - olderThan} go;</li>
 *   <li>a deleted index takes along the untagged children no surviving index lists, and every deleted
 *       image takes along its untagged (or cosign-tagged) referrers;</li>
 *   <li>children of surviving indexes and referrers of surviving subjects always stay; when an index's
 *       children are unknown (a snapshot without manifests), every untagged manifest stays, since it
 *       may be one of them.</li>
 * </ul>
 *
 * @param olderThan  only delete candidates older than this; null for no age limit
 * @param keepNewest how many of the newest untagged candidates to keep; 0 keeps none
 */
public record UntaggedSelection(Duration olderThan, int keepNewest) {

    /** The order {@code keepNewest} counts in: by push time, newest first, the digest breaking ties. */
    public static final Comparator<Image> NEWEST_PUSH_FIRST =
            Comparator.comparing(Image::pushedAt).thenComparing(Image::digest).reversed();

    public UntaggedSelection {
        if (keepNewest < 0) {
            throw new IllegalArgumentException("keepNewest must not be negative: " + keepNewest);
        }
        if (olderThan != null && olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
    }

    public static UntaggedSelection all() {
        return new UntaggedSelection(null, 0);
    }

    public Plan plan(Collection<Image> images, Instant now) {
        ImageGraph graph = ImageGraph.of(images);
        int n = graph.size();
        Verdicts verdicts = new Verdicts(graph);

        List<Integer> untagged = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Image image = graph.at(i);
            if (image.storageClass().isEmpty() || graph.parents(i).length > 0) {
                continue; // a restore is under way, or it goes only with its indexes
            }
            if (graph.isReferrer(i)) {
                if (graph.subject(i) < 0 && image.onlyCosignTags() && isOldEnough(image, now)) {
                    verdicts.set(i, DecisionAction.DELETE, Reason.SUBJECT_MISSING, 0);
                }
                continue; // otherwise it lives and dies with its subject
            }
            if (graph.mayBeUnknownChild(i)) {
                verdicts.keep(i, Reason.INDEX_CHILDREN_UNKNOWN, 0);
            } else if (!image.isTagged()) {
                untagged.add(i);
            }
        }

        untagged.sort(Comparator.comparing(graph::at, NEWEST_PUSH_FIRST));
        for (int k = 0; k < untagged.size(); k++) {
            int i = untagged.get(k);
            if (k < keepNewest) {
                verdicts.keep(i, Reason.AMONG_NEWEST_UNTAGGED, 0);
            } else if (!isOldEnough(graph.at(i), now)) {
                verdicts.keep(i, Reason.NOT_OLD_ENOUGH, 0);
            } else {
                verdicts.set(i, DecisionAction.DELETE, Reason.UNTAGGED, 0);
            }
        }

        cascade(graph, verdicts);

        for (int i = 0; i < n; i++) {
            if (!verdicts.isDecided(i)) {
                verdicts.keep(i, keptReason(graph, i), 0);
            }
        }
        return verdicts.toPlan();
    }

    private boolean isOldEnough(Image image, Instant now) {
        return olderThan == null || image.pushedAt().plus(olderThan).isBefore(now);
    }

    /** Deleted indexes free their children; deleted images free their referrers; repeat until stable. */
    private static void cascade(ImageGraph graph, Verdicts verdicts) {
        int n = graph.size();
        int[] stack = new int[n];
        int top = 0;
        for (int i = 0; i < n; i++) {
            if (verdicts.acts(i)) {
                stack[top++] = i;
            }
        }
        while (top > 0) {
            int gone = stack[--top];
            for (int c : graph.children(gone)) {
                if (!graph.at(c).isTagged() && isFreed(graph, verdicts, c)) {
                    verdicts.set(c, DecisionAction.DELETE, Reason.CHILD_OF_DELETED_INDEX, 0);
                    stack[top++] = c;
                }
            }
            for (int r : graph.referrers(gone)) {
                if (graph.at(r).onlyCosignTags() && isFreed(graph, verdicts, r)) {
                    verdicts.set(r, DecisionAction.DELETE, Reason.SUBJECT_DELETED, 0);
                    stack[top++] = r;
                }
            }
        }
    }

    /** Not yet deleted, and nothing that stays needs it: every index listing it and its subject are deleted. */
    private static boolean isFreed(ImageGraph graph, Verdicts verdicts, int i) {
        if (verdicts.acts(i) || graph.at(i).storageClass().isEmpty()) {
            return false;
        }
        for (int p : graph.parents(i)) {
            if (!verdicts.acts(p)) {
                return false;
            }
        }
        int s = graph.subject(i);
        return s < 0 || verdicts.acts(s);
    }

    private static Reason keptReason(ImageGraph graph, int i) {
        Image image = graph.at(i);
        if (image.storageClass().isEmpty()) {
            return Reason.RESTORING;
        }
        if (graph.parents(i).length > 0) {
            return image.isTagged() ? Reason.TAGGED : Reason.CHILD_OF_KEPT_INDEX;
        }
        if (graph.isReferrer(i) && image.onlyCosignTags()) {
            return graph.subject(i) >= 0 ? Reason.REFERRER_OF_KEPT_SUBJECT : Reason.NOT_OLD_ENOUGH;
        }
        return Reason.TAGGED;
    }
}
