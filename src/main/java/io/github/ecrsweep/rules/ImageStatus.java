package io.github.ecrsweep.rules;

import java.util.Optional;

/** ECR's {@code imageStatus}; ImageDetail has no storage class, so it is derived from this. */
public enum ImageStatus {
    ACTIVE(StorageClass.STANDARD),
    ARCHIVED(StorageClass.ARCHIVE),
    /** Being restored from archive: neither storage class selects it until the restore completes. */
    ACTIVATING(null);

    // Held, not computed: every rule asks it of every image.
    private final Optional<StorageClass> storageClass;

    ImageStatus(StorageClass storageClass) {
        this.storageClass = Optional.ofNullable(storageClass);
    }

    /** The storage class lifecycle rules see, or empty while the image is between classes. */
    public Optional<StorageClass> storageClass() {
        return storageClass;
    }
}
