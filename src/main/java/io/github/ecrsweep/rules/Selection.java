package io.github.ecrsweep.rules;

import java.util.Objects;

/** A rule's {@code selection}: which images, in which storage class, beyond which count or age. */
public record Selection(TagSelector tags, StorageClass storageClass, CountType countType, int countNumber) {

    public Selection {
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(storageClass, "storageClass");
        Objects.requireNonNull(countType, "countType");
        if (countNumber < 1) {
            throw new IllegalArgumentException("countNumber must be at least 1: " + countNumber);
        }
    }

    /** Whether the image is one of this selection's candidates: its tags match and it is in this storage class. */
    public boolean isCandidate(Image image) {
        return image.storageClass().orElse(null) == storageClass && tags.matches(image);
    }
}
