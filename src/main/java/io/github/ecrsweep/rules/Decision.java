package io.github.ecrsweep.rules;

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
 */
public record Decision(
        Image image, DecisionAction action, Reason reason, Integer rulePriority, int wave, long bytes, ImageKind kind) {

    public Decision {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
    }

    public Digest digest() {
        return image.digest();
    }

    public boolean isKeep() {
        return action == DecisionAction.KEEP;
    }
}
