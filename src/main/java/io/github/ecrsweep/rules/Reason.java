package io.github.ecrsweep.rules;

/** Why a plan decided what it did about an image. The codes are stable: scripts may rely on them. */
public enum Reason {
    // A lifecycle rule acted.
    IMAGE_COUNT_MORE_THAN("image-count-more-than"),
    SINCE_IMAGE_PUSHED("since-image-pushed"),
    SINCE_IMAGE_PULLED("since-image-pulled"),
    SINCE_IMAGE_TRANSITIONED("since-image-transitioned"),
    /** A referrer expired because its subject expired (ECR does this within 24 hours). */
    SUBJECT_EXPIRED("subject-expired"),
    /** A referrer archived because its subject was archived. */
    SUBJECT_ARCHIVED("subject-archived"),

    // A rule of a rule file acted (sweep): matched, beyond its count, old enough.
    RULE("rule"),
    /** Archived (sweep) because the index listing it was archived. */
    CHILD_OF_ARCHIVED_INDEX("child-of-archived-index"),

    // Deletion of untagged images.
    UNTAGGED("untagged"),
    CHILD_OF_DELETED_INDEX("child-of-deleted-index"),
    SUBJECT_DELETED("subject-deleted"),
    SUBJECT_MISSING("subject-missing"),

    // Removal of tags (untag).
    /** The image carries tags the selection names; they go, the image stays with its other tags. */
    TAG_SELECTED("tag-selected"),
    /** Every tag of the image is selected: removing the last deletes the image, so it goes as a deletion. */
    LAST_TAG_DELETED("last-tag-deleted"),

    // Restore from the archive.
    /** An archived image the restore's selection names. */
    RESTORE_SELECTED("restore-selected"),
    /** Restored because the index listing it is restored: an index is pullable only with its children. */
    CHILD_OF_RESTORED_INDEX("child-of-restored-index"),
    /** Restored because its subject is: its signatures and attestations come back with it. */
    SUBJECT_RESTORED("subject-restored"),
    /** Not archived: in the standard storage class already, or being restored. */
    NOT_ARCHIVED("not-archived"),

    // Kept.
    /** Every tag of the image is selected and removing the last would delete it: left, unless asked. */
    LAST_TAG("last-tag"),
    /** A selected tag is immutable in the repository (tag immutability, outside its exclusions): refused. */
    TAG_IMMUTABLE("tag-immutable"),
    NOT_SELECTED("not-selected"),
    WITHIN_COUNT("within-count"),
    NOT_OLD_ENOUGH("not-old-enough"),
    MATCHED_BY_HIGHER_PRIORITY_RULE("matched-by-higher-priority-rule"),
    CHILD_OF_KEPT_INDEX("child-of-kept-index"),
    REFERRER_OF_KEPT_SUBJECT("referrer-of-kept-subject"),
    /** The repository has an index whose children are unknown (a snapshot without manifests); this image may be one. */
    INDEX_CHILDREN_UNKNOWN("index-children-unknown"),
    TAGGED("tagged"),
    AMONG_NEWEST_UNTAGGED("among-newest-untagged"),
    /** A cosign tag signature whose subject is in the registry (with {@code --orphaned-signatures}). */
    SUBJECT_PRESENT("subject-present"),
    /**
     * Archived less than 90 days ago (or at an unknown time): "You cannot configure lifecycle policies
     * that delete images that have been in archive for less than 90 days"
     * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html).
     */
    ARCHIVE_MINIMUM("archive-minimum"),
    /**
     * Something runs it or was told to keep it (ECS, Lambda, Kubernetes, Inspector, a pin file, a recent
     * pull), or it belongs to such an image through the graph; the decision names the sources.
     */
    IN_USE("in-use"),
    /** A transition {@code expire --no-archive} leaves to ECR's own lifecycle. */
    ARCHIVE_LEFT_TO_ECR("archive-left-to-ecr"),
    /** Matched by a rule of a rule file whose action is keep (sweep). */
    KEPT_BY_RULE("kept-by-rule"),
    /** Pulled within the rule's {@code pulledBefore} (sweep); never pulled since its push or restore, it is not old enough. */
    PULLED_RECENTLY("pulled-recently"),
    /** Named by the rule file's never list, or held by such an image through the graph (sweep). */
    NEVER("never"),
    RESTORING("restoring");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The reason with this code, as reports write it. */
    public static java.util.Optional<Reason> ofCode(String code) {
        for (Reason r : values()) {
            if (r.code.equals(code)) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }

    /** The reason a rule with this count type gives for acting. */
    public static Reason forCountType(CountType type) {
        switch (type) {
            case IMAGE_COUNT_MORE_THAN:
                return IMAGE_COUNT_MORE_THAN;
            case SINCE_IMAGE_PUSHED:
                return SINCE_IMAGE_PUSHED;
            case SINCE_IMAGE_PULLED:
                return SINCE_IMAGE_PULLED;
            default:
                return SINCE_IMAGE_TRANSITIONED;
        }
    }
}
