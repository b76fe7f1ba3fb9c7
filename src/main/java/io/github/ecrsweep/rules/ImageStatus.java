package io.github.ecrsweep.rules;

import java.util.Optional;

/** ECR's {@code imageStatus}; ImageDetail has no storage class, so it is derived from this. */
public enum ImageStatus {
    ACTIVE,
    ARCHIVED,
    /** Being restored from archive: neither storage class selects it until the restore completes. */
    ACTIVATING;

    private static final Optional<StorageClass> STANDARD = Optional.of(StorageClass.STANDARD);
    private static final Optional<StorageClass> ARCHIVE = Optional.of(StorageClass.ARCHIVE);

    /** The storage class lifecycle rules see, or empty while the image is between classes. */
    public Optional<StorageClass> storageClass() {
        switch (this) {
            case ACTIVE:
                return STANDARD;
            case ARCHIVED:
                return ARCHIVE;
            default:
                return Optional.empty();
        }
    }
}
