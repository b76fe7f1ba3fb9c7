package io.github.ecrsweep.registry;

import io.github.ecrsweep.rules.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What became of one image a deletion (or an archive) asked for, as the service confirmed it.
 *
 * @param code        why it was not deleted: a failure code such as {@code KmsError}, or a skip reason such
 *                    as {@code tagged-since-plan}; null when deleted
 * @param detail      the service's failure reason or ecrsweep's explanation, or null
 * @param deletedTags tags the service reports it removed with the image; a planned image never has any,
 *                    so a non-empty list means the image was tagged between the re-check and the deletion
 */
public record DeleteOutcome(Digest digest, Status status, String code, String detail, List<String> deletedTags) {

    public enum Status {
        /** Confirmed deleted by the service's answer. */
        DELETED,
        /** Confirmed moved to the archive storage class by the service's answer (expire's transitions). */
        ARCHIVED,
        /** Still listed by an image index ({@code ImageReferencedByManifestList}): kept, not an error. */
        PROTECTED,
        /** Not deleted because it changed since the plan, or what it depends on stays: see the code. */
        SKIPPED,
        FAILED,
        /** Never sent: the run was interrupted before this image's call. */
        NOT_ATTEMPTED
    }

    /** The image gained a tag since the plan. */
    public static final String TAGGED_SINCE_PLAN = "tagged-since-plan";
    /** The image is no longer in the repository. */
    public static final String GONE_SINCE_PLAN = "gone-since-plan";
    /** An index that lists the image was not deleted, so deleting the image would break it. */
    public static final String INDEX_KEPT = "index-kept";
    /** The image's subject was not deleted, so its signature or attestation stays with it. */
    public static final String SUBJECT_KEPT = "subject-kept";
    /** The service answered without naming the image, neither deleted nor failed. */
    public static final String UNCONFIRMED = "Unconfirmed";

    public DeleteOutcome {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(status, "status");
        deletedTags = deletedTags == null ? List.of() : List.copyOf(deletedTags);
    }

    public static DeleteOutcome deleted(Digest digest, List<String> deletedTags) {
        return new DeleteOutcome(digest, Status.DELETED, null, null, deletedTags);
    }

    public static DeleteOutcome deleted(Digest digest) {
        return deleted(digest, List.of());
    }

    public static DeleteOutcome archived(Digest digest) {
        return new DeleteOutcome(digest, Status.ARCHIVED, null, null, List.of());
    }

    public static DeleteOutcome notAttempted(Digest digest) {
        return new DeleteOutcome(digest, Status.NOT_ATTEMPTED, null, null, List.of());
    }

    public static DeleteOutcome failed(Digest digest, String code, String reason) {
        return new DeleteOutcome(digest, Status.FAILED, code, reason, List.of());
    }

    public static DeleteOutcome skipped(Digest digest, String code, String detail) {
        return new DeleteOutcome(digest, Status.SKIPPED, code, detail, List.of());
    }

    public static DeleteOutcome protectedByIndex(Digest digest, String code, String reason) {
        return new DeleteOutcome(digest, Status.PROTECTED, code, reason, List.of());
    }
}
