package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.util.Map;

/**
 * One repository's part of a run: its plan, the policy change (put-policy, apply-all), the outcome of
 * each executed decision, or the error that stopped it.
 *
 * @param status   planned, done, partial, failed, interrupted (delete-untagged); created, updated, unchanged, failed (policies)
 * @param plan     null when the repository could not be read
 * @param change   null for delete-untagged
 * @param outcomes per digest, after a real run; empty for a dry run
 * @param error    one line, or null
 */
record RepositoryRun(String name, String status, Plan plan, PolicyDiff.Result change, Map<Digest, DeleteOutcome> outcomes, String error) {

    RepositoryRun {
        outcomes = Map.copyOf(outcomes);
    }

    static RepositoryRun failed(String name, String error) {
        return new RepositoryRun(name, "failed", null, null, Map.of(), error);
    }

    RepositoryRun withStatus(String newStatus) {
        return new RepositoryRun(name, newStatus, plan, change, outcomes, error);
    }

    boolean isFailed() {
        return "failed".equals(status) || "partial".equals(status) || "interrupted".equals(status);
    }
}
