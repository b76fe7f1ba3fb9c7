package io.github.ecrsweep.rules;

import java.util.List;
import java.util.Objects;

/**
 * What a plan does to one image and why.
 *
 * @param image        the image
 * @param action       delete, expire, transition or keep
 * @param reason       the stable reason code
 * @param rulePriority the lifecycle rule that decided, or null when no rule did
 * @param wave         the deletion wave: 0 for indexes and standalone images, 1 for the children they free, ...
 * @param bytes        the bytes this decision frees or moves: an index whose children are known counts 0,
 *                     because its reported size is its largest child's
 * @param kind         the image's place in the repository's graph
 * @param inUse        the sources that report the image in use, directly or through the graph; empty when none
 *                     does. A deletion never has any; a lifecycle preview keeps ECR's action and shows them.
 * @param untag        the tags an {@code untag} decision removes (never all of the image's); empty otherwise
 */
public record Decision(
        Image image,
        DecisionAction action,
        Reason reason,
        Integer rulePriority,
        int wave,
        long bytes,
        ImageKind kind,
        List<String> inUse,
        List<String> untag) {

    public Decision {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
        inUse = List.copyOf(inUse);
        untag = List.copyOf(untag);
        if ((action == DecisionAction.UNTAG) != !untag.isEmpty()) {
            throw new IllegalArgumentException("an untag decision, and only one, names the tags it removes");
        }
    }

    public Decision(
            Image image,
            DecisionAction action,
            Reason reason,
            Integer rulePriority,
            int wave,
            long bytes,
            ImageKind kind,
            List<String> inUse) {
        this(image, action, reason, rulePriority, wave, bytes, kind, inUse, List.of());
    }

    public Decision(
            Image image,
            DecisionAction action,
            Reason reason,
            Integer rulePriority,
            int wave,
            long bytes,
            ImageKind kind) {
        this(image, action, reason, rulePriority, wave, bytes, kind, List.of());
    }

    /** Whether a source reports the image in use. */
    public boolean isInUse() {
        return !inUse.isEmpty();
    }

    public Digest digest() {
        return image.digest();
    }

    public boolean isKeep() {
        return action == DecisionAction.KEEP;
    }
}
