package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.RepositoryStatus;

/**
 * The one exit-status policy of every changing command: 0 when everything planned holds; 1 when
 * something failed or a guard refused and nothing was changed; 3 when something was changed and
 * something failed; 130/143 when a signal stopped the run. Images already gone and images kept by an
 * index count as done; images skipped because they changed since the plan do not.
 */
public final class ExitStatus {

    private ExitStatus() {}

    public static ExitCode of(Outcome outcome) {
        if (outcome instanceof Outcome.Refused) {
            return ExitCode.FAILED;
        }
        if (outcome instanceof Outcome.Interrupted i) {
            return i.cancellation().exitCode();
        }
        if (outcome instanceof Outcome.DryRun d && d.wouldRefuse() != null) {
            return ExitCode.FAILED;
        }
        boolean failed = false;
        boolean applied = false;
        for (RepositoryResult r : outcome.repositories()) {
            failed |= r.isFailed() || !r.unplannedTagDeletions().isEmpty();
            applied |= r.status() == RepositoryStatus.CREATED
                    || r.status() == RepositoryStatus.UPDATED
                    || r.status() == RepositoryStatus.POLICY_DELETED;
            for (DeleteOutcome o : r.outcomes().values()) {
                applied |= o.status() == DeleteOutcome.Status.DELETED || o.status() == DeleteOutcome.Status.ARCHIVED;
                failed |= o.status() == DeleteOutcome.Status.FAILED
                        || o.status() == DeleteOutcome.Status.NOT_ATTEMPTED
                        || o.status() == DeleteOutcome.Status.SKIPPED && o.skip() != SkipReason.GONE_SINCE_PLAN;
            }
        }
        if (!failed) {
            return ExitCode.OK;
        }
        return applied ? ExitCode.PARTIAL : ExitCode.FAILED;
    }

    /**
     * {@code apply-all --check}: 1 when a repository's policy is not the one wanted (missing, or another one)
     * or could not be read, else what the dry run itself gives.
     */
    public static ExitCode ofCheck(Outcome outcome) {
        boolean drift = outcome.repositories().stream()
                .anyMatch(r -> r.changes() || r.isFailed() || r.status() == RepositoryStatus.EXTRA_POLICY);
        return drift ? ExitCode.FAILED : of(outcome);
    }

    /** With {@code detailed} (--detailed-exitcode), a dry run whose plan changes something exits 4, as {@code terraform plan}'s does 2. */
    public static ExitCode of(Outcome outcome, boolean detailed) {
        ExitCode code = of(outcome);
        if (detailed
                && code == ExitCode.OK
                && outcome instanceof Outcome.DryRun
                && outcome.repositories().stream().anyMatch(RepositoryResult::changes)) {
            return ExitCode.CHANGES;
        }
        return code;
    }
}
