package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * Which untagged images to delete, on the repository's graph rather than a flat list:
 * <ul>
 *   <li>candidates are untagged images that no present index lists and that are not OCI referrers,
 *       plus OCI referrers (untagged, with a {@code subject}) whose subject is not in the repository;</li>
 *   <li>the {@code keepNewest} most recently pushed untagged candidates stay whatever their age, and
 *       with {@code olderThan} only candidates pushed before {@code now - olderThan} go; both use the
 *       effective push time (the last restore from archive counts as a push), as lifecycle rules do;</li>
 *   <li>a deleted index takes along the untagged children no surviving index lists, and every deleted
 *       image its untagged OCI referrers, each in a wave after the image it depends on;</li>
 *   <li>children of surviving indexes and referrers of surviving subjects always stay; when an index's
 *       children are unknown (a snapshot without manifests), every untagged manifest stays, since it
 *       may be one of them;</li>
 *   <li>a tagged image always stays. A signature tagged in cosign's scheme ({@code sha256-<hex>.sig})
 *       is a tagged image: it goes only with {@code orphanedSignatures}, and then only when the digest
 *       its tag names is in none of the registry's repositories (signatures may live in a repository
 *       of their own).</li>
 * </ul>
 *
 * @param olderThan          only delete candidates older than this; null for no age limit
 * @param keepNewest         how many of the newest untagged candidates to keep; 0 keeps none
 * @param orphanedSignatures whether cosign tag signatures whose subject is in no repository are deleted
 */
public record UntaggedSelection(Duration olderThan, int keepNewest, boolean orphanedSignatures) {

    public UntaggedSelection {
        if (keepNewest < 0) {
            throw new IllegalArgumentException("keepNewest must not be negative: " + keepNewest);
        }
        if (olderThan != null && olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
    }

    public UntaggedSelection(Duration olderThan, int keepNewest) {
        this(olderThan, keepNewest, false);
    }

    public static UntaggedSelection all() {
        return new UntaggedSelection(null, 0);
    }

    /** The plan when no signature subject is looked up outside the repository. */
    public Plan plan(Collection<Image> images, Instant now) {
        return plan(images, now, digest -> true);
    }

    /**
     * The plan for one repository.
     *
     * @param inRegistry whether a digest is in any repository of the registry; asked only for the
     *                   subjects of cosign tag signatures, and only with {@code orphanedSignatures}
     */
    public Plan plan(Collection<Image> images, Instant now, Predicate<Digest> inRegistry) {
        return plan(images, now, inRegistry, Pins.none());
    }

    /**
     * The plan for one repository, keeping what is in use: a pinned image that would go stays as
     * {@code in-use}, and with it the indexes that list it, its subject, and their children and referrers.
     */
    public Plan plan(Collection<Image> images, Instant now, Predicate<Digest> inRegistry, Pins pins) {
        ImageGraph graph = ImageGraph.of(images);
        int n = graph.size();
        Verdicts verdicts = new Verdicts(graph);

        int untaggedSeen = 0;
        // The graph holds images newest first by effective push time, the order --keep counts in.
        for (int i = 0; i < n; i++) {
            Image image = graph.at(i);
            if (image.storageClass().isEmpty() || graph.parents(i).length > 0) {
                continue; // a restore is under way, or it goes only with its indexes
            }
            if (image.isTagged()) {
                if (orphanedSignatures) {
                    int at = i;
                    image.cosignSubject()
                            .ifPresent(subject -> decideSignature(verdicts, graph, at, subject, inRegistry, now));
                }
                continue;
            }
            if (graph.isReferrer(i)) {
                if (graph.subject(i) < 0 && isOldEnough(image, now)) {
                    verdicts.set(i, DecisionAction.DELETE, Reason.SUBJECT_MISSING, 0);
                }
                continue; // otherwise it lives and dies with its subject
            }
            if (graph.mayBeUnknownChild(i)) {
                verdicts.keep(i, Reason.INDEX_CHILDREN_UNKNOWN, 0);
            } else if (untaggedSeen++ < keepNewest) {
                verdicts.keep(i, Reason.AMONG_NEWEST_UNTAGGED, 0);
            } else if (!isOldEnough(image, now)) {
                verdicts.keep(i, Reason.NOT_OLD_ENOUGH, 0);
            } else {
                verdicts.set(i, DecisionAction.DELETE, Reason.UNTAGGED, 0);
            }
        }

        cascade(graph, verdicts);
        verdicts.pin(pins, true);

        for (int i = 0; i < n; i++) {
            if (!verdicts.isDecided(i)) {
                verdicts.keep(i, keptReason(graph, verdicts, i), 0);
            }
        }
        return verdicts.toPlan();
    }

    private void decideSignature(
            Verdicts verdicts, ImageGraph graph, int at, Digest subject, Predicate<Digest> inRegistry, Instant now) {
        if (graph.get(subject).isPresent() || inRegistry.test(subject)) {
            verdicts.keep(at, Reason.SUBJECT_PRESENT, 0);
        } else if (!isOldEnough(graph.at(at), now)) {
            verdicts.keep(at, Reason.NOT_OLD_ENOUGH, 0);
        } else {
            verdicts.set(at, DecisionAction.DELETE, Reason.SUBJECT_MISSING, 0);
        }
    }

    private boolean isOldEnough(Image image, Instant now) {
        return olderThan == null || image.pushedBefore(now.minus(olderThan));
    }

    /** Deleted indexes free their untagged children; deleted images free their untagged referrers; until stable. */
    static void cascade(ImageGraph graph, Verdicts verdicts) {
        int n = graph.size();
        int[] stack = new int[n];
        int top = verdicts.where(stack, verdicts::removes);
        while (top > 0) {
            int gone = stack[--top];
            for (int c : graph.children(gone)) {
                if (!graph.at(c).isTagged() && isFreed(graph, verdicts, c)) {
                    if (graph.heldByUnknownIndex(c, verdicts::removes)) {
                        // An index that stays may list it as well: it stays until that index's manifest is read.
                        verdicts.keep(c, Reason.INDEX_CHILDREN_UNKNOWN, 0);
                        continue;
                    }
                    verdicts.set(c, DecisionAction.DELETE, Reason.CHILD_OF_DELETED_INDEX, 0);
                    stack[top++] = c;
                }
            }
            for (int r : graph.referrers(gone)) {
                if (!graph.at(r).isTagged() && isFreed(graph, verdicts, r)) {
                    verdicts.set(r, DecisionAction.DELETE, Reason.SUBJECT_DELETED, 0);
                    stack[top++] = r;
                }
            }
        }
    }

    /** Not yet deleted, and nothing that stays needs it: every index listing it and its subject are deleted. */
    private static boolean isFreed(ImageGraph graph, Verdicts verdicts, int i) {
        if (verdicts.acts(i) || graph.at(i).storageClass().isEmpty()) {
            return false; // decided already, or being restored
        }
        for (int p : graph.parents(i)) {
            if (!verdicts.removes(p)) {
                return false;
            }
        }
        int s = graph.subject(i);
        return s < 0 || verdicts.removes(s);
    }

    private static Reason keptReason(ImageGraph graph, Verdicts verdicts, int i) {
        Image image = graph.at(i);
        if (image.storageClass().isEmpty()) {
            return Reason.RESTORING;
        }
        if (image.isTagged()) {
            return Reason.TAGGED;
        }
        if (graph.parents(i).length > 0) {
            return Reason.CHILD_OF_KEPT_INDEX;
        }
        if (graph.isReferrer(i)) {
            return graph.subject(i) >= 0 ? Reason.REFERRER_OF_KEPT_SUBJECT : Reason.NOT_OLD_ENOUGH;
        }
        return Reason.NOT_OLD_ENOUGH;
    }
}
