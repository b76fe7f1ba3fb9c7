package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.util.Locale;

/** Where a repository stands in a report: planned statuses speak of the future, results of the past. */
public enum RepositoryStatus {
    WOULD_DELETE(false),
    NOTHING_TO_DELETE(false),
    WOULD_CREATE(false),
    WOULD_UPDATE(false),
    UNCHANGED(false),
    WOULD_DELETE_POLICY(false),
    /** A policy the document of get-policy says the repository should not have: drift, left for delete-policy. */
    EXTRA_POLICY(false),
    NO_POLICY(false),
    POLICY_DELETED(false),
    DELETED(false),
    /** The repository itself deleted (delete-repository), with its images when it had any. */
    REPOSITORY_DELETED(false),
    CREATED(false),
    UPDATED(false),
    PARTIAL(true),
    INTERRUPTED(true),
    FAILED(true);

    private final boolean failure;
    private final String code;

    RepositoryStatus(boolean failure) {
        this.failure = failure;
        this.code = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The stable code of the reports: {@code would-create}, {@code deleted}, ... */
    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static RepositoryStatus of(String code) {
        return Words.of(values(), RepositoryStatus::code, code, "repository status");
    }

    @Override
    public String toString() {
        return code;
    }

    public boolean isFailure() {
        return failure;
    }

    /** Whether a result with this status put or deleted the repository's lifecycle policy. */
    public boolean changedPolicy() {
        return this == CREATED || this == UPDATED || this == POLICY_DELETED;
    }

    /** Whether a plan with this status changes the repository: a policy to put or delete, or images to delete. */
    public boolean changes() {
        return this == WOULD_CREATE || this == WOULD_UPDATE || this == WOULD_DELETE || this == WOULD_DELETE_POLICY;
    }

    /** The planned status of a policy change. */
    public static RepositoryStatus planned(PolicyDiff.Status change) {
        return switch (change) {
            case CREATED -> WOULD_CREATE;
            case UPDATED -> WOULD_UPDATE;
            case DELETED -> WOULD_DELETE_POLICY;
            case UNCHANGED -> UNCHANGED;
        };
    }

    /** The status once the planned change is made. */
    public RepositoryStatus done() {
        return switch (this) {
            case WOULD_CREATE -> CREATED;
            case WOULD_UPDATE -> UPDATED;
            case WOULD_DELETE -> DELETED;
            case WOULD_DELETE_POLICY -> POLICY_DELETED;
            case NOTHING_TO_DELETE,
                    UNCHANGED,
                    EXTRA_POLICY,
                    NO_POLICY,
                    POLICY_DELETED,
                    DELETED,
                    REPOSITORY_DELETED,
                    CREATED,
                    UPDATED,
                    PARTIAL,
                    INTERRUPTED,
                    FAILED -> this;
        };
    }
}
