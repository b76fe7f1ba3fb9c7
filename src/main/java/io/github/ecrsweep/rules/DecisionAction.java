package io.github.ecrsweep.rules;

/** What a plan does to one image. */
public enum DecisionAction {
    /** Deleted by ecrsweep itself ({@code BatchDeleteImage}). */
    DELETE,
    /** Expired by a lifecycle rule. */
    EXPIRE,
    /** Moved to the archive storage class by a lifecycle rule. */
    TRANSITION,
    /**
     * Some of its tags removed, the image left ({@code BatchDeleteImage} by tag, never its last tag): the
     * decision names the tags.
     */
    UNTAG,
    /** Brought back from the archive to the standard storage class ({@code UpdateImageStorageClass}). */
    RESTORE,
    /** Left as it is. */
    KEEP;

    /** The lower-case name used in output. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean removesImage() {
        return this == DELETE || this == EXPIRE;
    }
}
