package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One repository's part of a run: its plan, the policy change (put-policy, apply-all), the outcome of
 * each executed decision, or the error that stopped it.
 *
 * @param plan     null when the repository could not be read
 * @param change   null for delete-untagged
 * @param outcomes per digest, after a real run; empty before
 * @param error    one line, or null
 * @param tags     the repository's own tags that changed its plan ({@code ecrsweep:older-than},
 *                 {@code ecrsweep:keep}), as it carries them; empty when none did
 */
public record RepositoryResult(
        String name,
        RepositoryStatus status,
        Plan plan,
        PolicyDiff.Result change,
        Map<Digest, DeleteOutcome> outcomes,
        String error,
        Map<String, String> tags) {

    public RepositoryResult {
        outcomes = Map.copyOf(outcomes);
        tags = Map.copyOf(tags);
    }

    public RepositoryResult(
            String name,
            RepositoryStatus status,
            Plan plan,
            PolicyDiff.Result change,
            Map<Digest, DeleteOutcome> outcomes,
            String error) {
        this(name, status, plan, change, outcomes, error, Map.of());
    }

    /** The same repository, its plan changed by these tags of its own. */
    public RepositoryResult withTags(Map<String, String> decided) {
        return new RepositoryResult(name, status, plan, change, outcomes, error, decided);
    }

    /** A repository's planned deletions (and archives): kept images listed only with {@code explain}. */
    public static RepositoryResult ofPlan(String name, Plan full, boolean explain) {
        Plan plan = explain ? full : full.withoutKept();
        return new RepositoryResult(
                name,
                plan.actions().isEmpty() ? RepositoryStatus.NOTHING_TO_DELETE : RepositoryStatus.WOULD_DELETE,
                plan,
                null,
                Map.of(),
                null);
    }

    /** A repository's planned policy change, with what the policy would do now (or null). */
    public static RepositoryResult ofPolicy(String name, PolicyDiff.Result change, Plan preview) {
        return new RepositoryResult(name, RepositoryStatus.planned(change.status()), preview, change, Map.of(), null);
    }

    /** A repository that has no policy, where the change would remove one. */
    public static RepositoryResult noPolicy(String name) {
        return new RepositoryResult(name, RepositoryStatus.NO_POLICY, null, null, Map.of(), null);
    }

    public static RepositoryResult failed(String name, String error) {
        return new RepositoryResult(name, RepositoryStatus.FAILED, null, null, Map.of(), error);
    }

    public RepositoryResult with(RepositoryStatus newStatus, Map<Digest, DeleteOutcome> newOutcomes, String newError) {
        return new RepositoryResult(name, newStatus, plan, change, newOutcomes, newError, tags);
    }

    /** The same repository with this plan. */
    public RepositoryResult withPlan(Plan newPlan) {
        return new RepositoryResult(name, status, newPlan, change, outcomes, error, tags);
    }

    public boolean isFailed() {
        return status.isFailure();
    }

    /** Whether the plan changes this repository: a policy to put, or images to delete. */
    public boolean changes() {
        return status.changes();
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
