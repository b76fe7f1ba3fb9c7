package io.github.ecrsweep.registry;

import io.github.ecrsweep.rules.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What became of one image a deletion (or an archive) asked for, as the service confirmed it.
 *
 * @param skip        why ecrsweep did not send it, when {@code SKIPPED}; else null
 * @param code        why the service did not delete it: a failure code such as {@code KmsError}; null when deleted
 *                    or skipped
 * @param detail      the service's failure reason or ecrsweep's explanation, or null
 * @param deletedTags tags the service reports it removed with the image; a planned deletion never has any,
 *                    so a non-empty list means the image was tagged between the re-check and the deletion. For
 *                    an untag, the tags the service confirmed it removed from the image.
 */
public record DeleteOutcome(
        Digest digest, Status status, SkipReason skip, String code, String detail, List<String> deletedTags) {

    public enum Status {
        /** Confirmed deleted by the service's answer (or, when the answer was lost, by the image's absence after it). */
        DELETED,
        /**
         * Deleted, and with it tags the plan did not show: the image was tagged between the check right before
         * the call and the call, and ECR deletes by digest with every tag. Done, and not as planned.
         */
        DELETED_WITH_NEW_TAGS,
        /** Confirmed moved to the archive storage class by the service's answer (expire's transitions). */
        ARCHIVED,
        /** Confirmed: the service started the image's restore from the archive (ACTIVATING, or ACTIVE already). */
        RESTORING,
        /** Confirmed: the service removed the planned tags from this image, which stays with its others (untag). */
        UNTAGGED,
        /** Still listed by an image index ({@code ImageReferencedByManifestList}): kept, not an error. */
        PROTECTED,
        /** Not deleted because it changed since the plan, or what it depends on stays: see the code. */
        SKIPPED,
        FAILED,
        /** Never sent: the run was interrupted before this image's call. */
        NOT_ATTEMPTED;

        /** Whether the image is gone: deleted, with or without tags pushed since the check. */
        public boolean removed() {
            return this == DELETED || this == DELETED_WITH_NEW_TAGS;
        }

        /** Whether what was planned for the image was done: deleted, archived, untagged or its restore started. */
        public boolean done() {
            return removed() || this == ARCHIVED || this == UNTAGGED || this == RESTORING;
        }

        /** The stable code of the reports: {@code deleted}, {@code not-attempted}, ... */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The service answered without naming the image, neither deleted nor failed. */
    public static final String UNCONFIRMED = "Unconfirmed";

    public DeleteOutcome {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(status, "status");
        if ((status == Status.SKIPPED) != (skip != null)) {
            throw new IllegalArgumentException("a skipped image, and only a skipped one, has a skip reason");
        }
        deletedTags = deletedTags == null ? List.of() : List.copyOf(deletedTags);
    }

    public static DeleteOutcome deleted(Digest digest, List<String> deletedTags) {
        return new DeleteOutcome(digest, Status.DELETED, null, null, null, deletedTags);
    }

    public static DeleteOutcome deleted(Digest digest) {
        return deleted(digest, List.of());
    }

    /** Gone, as reading it again after a call whose answer was lost shows: deleted by that call. */
    public static DeleteOutcome goneAfterCall(Digest digest, String why) {
        return new DeleteOutcome(digest, Status.DELETED, null, null, why, List.of());
    }

    /** This deletion, which took tags the plan did not show with the image. */
    public DeleteOutcome withNewTags() {
        return new DeleteOutcome(digest, Status.DELETED_WITH_NEW_TAGS, null, null, detail, deletedTags);
    }

    /** The planned tags removed, the image left. */
    public static DeleteOutcome untagged(Digest digest, List<String> removedTags) {
        return new DeleteOutcome(digest, Status.UNTAGGED, null, null, null, removedTags);
    }

    /** An untag not done in full: the tags removed (perhaps none), and why the rest were not. */
    public static DeleteOutcome untagFailed(Digest digest, String code, String reason, List<String> removedTags) {
        return new DeleteOutcome(digest, Status.FAILED, null, code, reason, removedTags);
    }

    public static DeleteOutcome restoring(Digest digest) {
        return new DeleteOutcome(digest, Status.RESTORING, null, null, null, List.of());
    }

    public static DeleteOutcome archived(Digest digest) {
        return new DeleteOutcome(digest, Status.ARCHIVED, null, null, null, List.of());
    }

    public static DeleteOutcome notAttempted(Digest digest) {
        return new DeleteOutcome(digest, Status.NOT_ATTEMPTED, null, null, null, List.of());
    }

    public static DeleteOutcome failed(Digest digest, String code, String reason) {
        return new DeleteOutcome(digest, Status.FAILED, null, code, reason, List.of());
    }

    public static DeleteOutcome skipped(Digest digest, SkipReason reason, String detail) {
        return new DeleteOutcome(digest, Status.SKIPPED, reason, null, detail, List.of());
    }

    public static DeleteOutcome protectedByIndex(Digest digest, String code, String reason) {
        return new DeleteOutcome(digest, Status.PROTECTED, null, code, reason, List.of());
    }
}
