package io.github.ecrsweep.registry;

import io.github.ecrsweep.rules.Digest;
import java.util.Objects;

/** What became of one image a deletion asked for. */
public record DeleteOutcome(Digest digest, Status status, String failureCode, String failureReason) {

    public enum Status {
        DELETED,
        /** Still listed by an image index ({@code ImageReferencedByManifestList}): kept, not an error. */
        PROTECTED,
        FAILED,
        /** Never sent: the run was interrupted before this image's call. */
        NOT_ATTEMPTED
    }

    public DeleteOutcome {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(status, "status");
    }

    public static DeleteOutcome deleted(Digest digest) {
        return new DeleteOutcome(digest, Status.DELETED, null, null);
    }

    public static DeleteOutcome notAttempted(Digest digest) {
        return new DeleteOutcome(digest, Status.NOT_ATTEMPTED, null, null);
    }

    public static DeleteOutcome failed(Digest digest, String code, String reason) {
        return new DeleteOutcome(digest, Status.FAILED, code, reason);
    }
}
