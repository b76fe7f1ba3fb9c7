package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One repository's part of a run: its plan, the policy change (put-policy, apply-all), the outcome of
 * each executed decision, or the error that stopped it.
 *
 * @param plan     null when the repository could not be read
 * @param change   null for delete-untagged
 * @param outcomes per digest, after a real run; empty before
 * @param error    one line, or null
 */
public record RepositoryResult(
        String name,
        Status status,
        Plan plan,
        PolicyDiff.Result change,
        Map<Digest, DeleteOutcome> outcomes,
        String error) {

    /** Where a repository stands: planned statuses speak of the future, results of the past. */
    public enum Status {
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
        CREATED(false),
        UPDATED(false),
        PARTIAL(true),
        INTERRUPTED(true),
        FAILED(true);

        private final boolean failure;

        Status(boolean failure) {
            this.failure = failure;
        }

        /** The stable code of the reports: {@code would-create}, {@code deleted}, ... */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public boolean isFailure() {
            return failure;
        }

        /** The planned status of a policy change. */
        public static Status planned(PolicyDiff.Status change) {
            return switch (change) {
                case CREATED -> WOULD_CREATE;
                case UPDATED -> WOULD_UPDATE;
                case DELETED -> WOULD_DELETE_POLICY;
                default -> UNCHANGED;
            };
        }

        /** The status once the planned change is made. */
        public Status done() {
            return switch (this) {
                case WOULD_CREATE -> CREATED;
                case WOULD_UPDATE -> UPDATED;
                case WOULD_DELETE -> DELETED;
                case WOULD_DELETE_POLICY -> POLICY_DELETED;
                default -> this;
            };
        }
    }

    public RepositoryResult {
        outcomes = Map.copyOf(outcomes);
    }

    public static RepositoryResult failed(String name, String error) {
        return new RepositoryResult(name, Status.FAILED, null, null, Map.of(), error);
    }

    public RepositoryResult with(Status newStatus, Map<Digest, DeleteOutcome> newOutcomes, String newError) {
        return new RepositoryResult(name, newStatus, plan, change, newOutcomes, newError);
    }

    public boolean isFailed() {
        return status.isFailure();
    }

    /** Whether the plan changes this repository: a policy to put, or images to delete. */
    public boolean changes() {
        return status == Status.WOULD_CREATE
                || status == Status.WOULD_UPDATE
                || status == Status.WOULD_DELETE
                || status == Status.WOULD_DELETE_POLICY;
    }

    /**
     * Tags ECR reports it deleted with an image that the plan did not show on it, by image: tags pushed
     * after the last check. (A planned cosign signature goes with the tag the plan showed: that is no surprise.)
     */
    public Map<Digest, List<String>> unplannedTagDeletions() {
        Map<Digest, List<String>> result = new LinkedHashMap<>();
        if (plan == null) {
            return result;
        }
        for (Decision d : plan.actions()) {
            DeleteOutcome o = outcomes.get(d.digest());
            if (o != null && !o.deletedTags().isEmpty()) {
                List<String> unplanned = o.deletedTags().stream()
                        .filter(t -> !d.image().tags().contains(t))
                        .toList();
                if (!unplanned.isEmpty()) {
                    result.put(d.digest(), unplanned);
                }
            }
        }
        return result;
    }
}
