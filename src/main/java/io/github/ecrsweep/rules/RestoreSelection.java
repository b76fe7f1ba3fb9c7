package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Which archived images to bring back to the standard storage class ({@code ecrsweep restore}):
 * <ul>
 *   <li>an archived image is selected when a tag of it matches one of the globs, or its digest is listed (with
 *       neither, every archived image), and it was pushed within the age bounds given;</li>
 *   <li>an index comes back with its archived children, and an image with its archived referrers (signatures,
 *       attestations), each a wave after it: an index is pullable only with its children;</li>
 *   <li>an image in the standard storage class or being restored already is left ({@code not-archived}).</li>
 * </ul>
 *
 * @param globs     tags to select, with {@code *} and {@code ?} wildcards; empty for any
 * @param digests   digests to select; empty for any
 * @param olderThan only images pushed longer ago than this; null for no bound
 * @param newerThan only images pushed within this; null for no bound
 */
public record RestoreSelection(List<String> globs, List<Digest> digests, Duration olderThan, Duration newerThan) {

    public RestoreSelection {
        globs = List.copyOf(globs);
        digests = List.copyOf(digests);
        if (globs.isEmpty() && digests.isEmpty() && olderThan == null && newerThan == null) {
            throw new IllegalArgumentException("name the images to restore by tag, digest or age");
        }
    }

    /** Whether the selection names this image, whatever its storage class. */
    public boolean selects(Image image, Instant now) {
        boolean named = globs.isEmpty() && digests.isEmpty()
                || digests.contains(image.digest())
                || image.tags().stream().anyMatch(t -> globs.stream().anyMatch(g -> Glob.matches(g, t)));
        return named
                && (olderThan == null || image.pushedAt().isBefore(now.minus(olderThan)))
                && (newerThan == null || !image.pushedAt().isBefore(now.minus(newerThan)));
    }

    /** The plan for one repository. */
    public Plan plan(Collection<Image> images, Instant now) {
        ImageGraph graph = ImageGraph.of(images);
        int n = graph.size();
        Verdicts verdicts = new Verdicts(graph);
        int[] stack = new int[n];
        int top = 0;
        for (int i = 0; i < n; i++) {
            Image image = graph.at(i);
            if (!selects(image, now)) {
                continue;
            }
            if (image.status() != ImageStatus.ARCHIVED) {
                verdicts.keep(i, Reason.NOT_ARCHIVED, 0);
            } else {
                verdicts.set(i, DecisionAction.RESTORE, Reason.RESTORE_SELECTED, 0);
                stack[top++] = i;
            }
        }
        // What comes back with what comes back: archived children and referrers, until none is left.
        while (top > 0) {
            int back = stack[--top];
            for (int c : graph.children(back)) {
                if (follows(graph, verdicts, c)) {
                    verdicts.set(c, DecisionAction.RESTORE, Reason.CHILD_OF_RESTORED_INDEX, 0);
                    stack[top++] = c;
                }
            }
            for (int r : graph.referrers(back)) {
                if (follows(graph, verdicts, r)) {
                    verdicts.set(r, DecisionAction.RESTORE, Reason.SUBJECT_RESTORED, 0);
                    stack[top++] = r;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!verdicts.isDecided(i)) {
                verdicts.keep(
                        i, graph.at(i).status() == ImageStatus.ARCHIVED ? Reason.NOT_SELECTED : Reason.NOT_ARCHIVED, 0);
            }
        }
        return verdicts.toPlan();
    }

    /** An archived image not restored yet. */
    private static boolean follows(ImageGraph graph, Verdicts verdicts, int i) {
        return graph.at(i).status() == ImageStatus.ARCHIVED && !verdicts.acts(i);
    }
}
