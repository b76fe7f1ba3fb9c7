package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which untagged images to delete, on the repository's graph rather than a flat list:
 * <ul>
 *   <li>candidates are untagged images that no present index lists and that refer to no present
 *       subject, plus signatures and other referrers whose subject is gone;</li>
 *   <li>the {@code keepNewest} most recently pushed untagged candidates stay whatever their age, and
 *       with {@code olderThan} only candidates pushed before {@code now - olderThan} go;</li>
 *   <li>a deleted index takes along the untagged children no surviving index lists, and every deleted
 *       image takes along its untagged (or cosign-tagged) referrers;</li>
 *   <li>children of surviving indexes and referrers of surviving subjects always stay.</li>
 * </ul>
 *
 * @param olderThan  only delete candidates older than this; null for no age limit
 * @param keepNewest how many of the newest untagged candidates to keep; 0 keeps none
 */
public record UntaggedSelection(Duration olderThan, int keepNewest) {

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
        Map<Digest, Decision> decided = new LinkedHashMap<>();

        List<Image> untagged = new ArrayList<>();
        for (Image image : graph.images()) {
            if (image.storageClass().isEmpty()) {
                continue; // a restore is under way; leave it alone
            }
            if (!graph.parentsOf(image).isEmpty()) {
                continue; // goes only with its indexes
            }
            if (image.subject().isPresent()) {
                if (graph.isOrphanReferrer(image) && removableReferrer(image) && isOldEnough(image, now)) {
                    decided.put(image.digest(), delete(image, Reason.SUBJECT_MISSING));
                }
                continue; // otherwise it lives and dies with its subject
            }
            if (!image.isTagged()) {
                untagged.add(image);
            }
        }

        untagged.sort(Comparator.comparing(Image::pushedAt).reversed().thenComparing(Image::digest));
        for (int i = 0; i < untagged.size(); i++) {
            Image image = untagged.get(i);
            if (i < keepNewest) {
                decided.put(image.digest(), keep(image, Reason.AMONG_NEWEST_UNTAGGED));
            } else if (!isOldEnough(image, now)) {
                decided.put(image.digest(), keep(image, Reason.NOT_OLD_ENOUGH));
            } else {
                decided.put(image.digest(), delete(image, Reason.UNTAGGED));
            }
        }

        cascade(graph, decided);

        for (Image image : graph.images()) {
            decided.computeIfAbsent(image.digest(), d -> keep(image, keptReason(graph, image)));
        }
        return Plan.fromGraph(graph, decided);
    }

    private boolean isOldEnough(Image image, Instant now) {
        return olderThan == null || image.pushedAt().plus(olderThan).isBefore(now);
    }

    /** Deleted indexes free their children; deleted images free their referrers; repeat until stable. */
    private static void cascade(ImageGraph graph, Map<Digest, Decision> decided) {
        Deque<Image> work = new ArrayDeque<>();
        decided.values().stream().filter(d -> !d.isKeep()).forEach(d -> work.add(d.image()));
        while (!work.isEmpty()) {
            Image gone = work.poll();
            for (Image child : graph.childrenOf(gone)) {
                if (!child.isTagged() && isFreed(graph, decided, child)) {
                    decided.put(child.digest(), delete(child, Reason.CHILD_OF_DELETED_INDEX));
                    work.add(child);
                }
            }
            for (Image referrer : graph.referrersOf(gone)) {
                if (removableReferrer(referrer) && isFreed(graph, decided, referrer)) {
                    decided.put(referrer.digest(), delete(referrer, Reason.SUBJECT_DELETED));
                    work.add(referrer);
                }
            }
        }
    }

    /** Not yet deleted, and nothing that stays needs it: every index listing it and its subject are deleted. */
    private static boolean isFreed(ImageGraph graph, Map<Digest, Decision> decided, Image image) {
        return !isDeleted(decided, image)
                && image.storageClass().isPresent()
                && graph.parentsOf(image).stream().allMatch(p -> isDeleted(decided, p))
                && graph.subjectOf(image).map(s -> isDeleted(decided, s)).orElse(true);
    }

    /** A referrer that carries no tag of its own (only cosign's derived tags, or none). */
    private static boolean removableReferrer(Image image) {
        return image.onlyCosignTags() && image.storageClass().isPresent();
    }

    private static Reason keptReason(ImageGraph graph, Image image) {
        if (image.storageClass().isEmpty()) {
            return Reason.RESTORING;
        }
        if (!graph.parentsOf(image).isEmpty()) {
            return image.isTagged() ? Reason.TAGGED : Reason.CHILD_OF_KEPT_INDEX;
        }
        Optional<Image> subject = graph.subjectOf(image);
        if (subject.isPresent() && image.onlyCosignTags()) {
            return Reason.REFERRER_OF_KEPT_SUBJECT;
        }
        if (graph.isOrphanReferrer(image) && image.onlyCosignTags()) {
            return Reason.NOT_OLD_ENOUGH;
        }
        return Reason.TAGGED;
    }

    private static boolean isDeleted(Map<Digest, Decision> decided, Image image) {
        Decision d = decided.get(image.digest());
        return d != null && !d.isKeep();
    }

    private static Decision delete(Image image, Reason reason) {
        return new Decision(image, DecisionAction.DELETE, reason, null, 0, 0);
    }

    private static Decision keep(Image image, Reason reason) {
        return new Decision(image, DecisionAction.KEEP, reason, null, 0, 0);
    }
}
