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
        return switch (outcome.ending()) {
            case REFUSED, DECLINED -> ExitCode.FAILED;
            case INTERRUPTED -> outcome.cancellation().exitCode();
            case DRY_RUN, PENDING -> outcome.refusal() != null ? ExitCode.FAILED : ofResults(outcome);
            case DONE -> ofResults(outcome);
        };
    }

    /** 0, 1 or 3 from what became of each repository and image. */
    private static ExitCode ofResults(Outcome outcome) {
        boolean failed = false;
        boolean applied = false;
        for (RepositoryResult r : outcome.repositories()) {
            failed |= r.isFailed() || !r.unplannedTagDeletions().isEmpty();
            applied |= r.status() == RepositoryStatus.CREATED
                    || r.status() == RepositoryStatus.UPDATED
                    || r.status() == RepositoryStatus.POLICY_DELETED;
            for (DeleteOutcome o : r.outcomes().values()) {
                applied |= o.status().done();
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
                && outcome.isDryRun()
                && outcome.repositories().stream().anyMatch(RepositoryResult::changes)) {
            return ExitCode.CHANGES;
        }
        return code;
    }

    /** The exit status of a run with these guards: --check's, --detailed-exitcode's, or the plain one. */
    public static ExitCode of(Outcome outcome, Guards guards) {
        return guards.check() ? ofCheck(outcome) : of(outcome, guards.detailedExitCode());
    }

    /**
     * {@code apply-all --check}: how many repositories differ from the policy wanted, and how, in one line;
     * empty when none does.
     */
    public static java.util.Optional<String> drift(Outcome outcome) {
        java.util.Map<RepositoryStatus, Long> by = outcome.repositories().stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        RepositoryResult::status, java.util.stream.Collectors.counting()));
        long missing = by.getOrDefault(RepositoryStatus.WOULD_CREATE, 0L);
        long different = by.getOrDefault(RepositoryStatus.WOULD_UPDATE, 0L);
        long extra = by.getOrDefault(RepositoryStatus.EXTRA_POLICY, 0L);
        if (missing + different + extra == 0) {
            return java.util.Optional.empty();
        }
        int all = outcome.repositories().size();
        return java.util.Optional.of("drift: " + (missing + different + extra) + " of " + all
                + (all == 1 ? " repository" : " repositories") + " differ from the policy (" + missing
                + " without a policy, " + different + " with another one"
                + (extra > 0 ? ", " + extra + " with one they should not have" : "") + "); nothing was changed");
    }

    /**
     * What an interrupted run did and did not do, in words: images for deletions and archives, repositories for
     * policies.
     */
    public static String progress(Outcome outcome) {
        int removals = 0;
        int removed = 0;
        int notAttempted = 0;
        int put = 0;
        int policiesDeleted = 0;
        int policiesLeft = 0;
        boolean policies = false;
        for (RepositoryResult r : outcome.repositories()) {
            if (r.change() != null) {
                policies = true;
                put += r.status() == RepositoryStatus.CREATED || r.status() == RepositoryStatus.UPDATED ? 1 : 0;
                policiesDeleted += r.status() == RepositoryStatus.POLICY_DELETED ? 1 : 0;
                policiesLeft += r.status() == RepositoryStatus.INTERRUPTED ? 1 : 0;
                continue;
            }
            if (r.plan() != null) {
                removals += r.plan().actions().size();
            }
            for (DeleteOutcome o : r.outcomes().values()) {
                removed += o.status().done() ? 1 : 0;
                notAttempted += o.status() == DeleteOutcome.Status.NOT_ATTEMPTED ? 1 : 0;
            }
        }
        if (policies) {
            return (policiesDeleted > 0 ? "deleted the policy of " + repositories(policiesDeleted) : "")
                    + (policiesDeleted > 0 && put > 0 ? ", " : "")
                    + (put > 0 || policiesDeleted == 0 ? "put the policy on " + repositories(put) : "")
                    + ", " + policiesLeft + " not attempted";
        }
        return "deleted " + removed + " of " + removals + " planned images, " + notAttempted + " not attempted";
    }

    /**
     * How far an interrupted run got in one target: {@code done} (nothing planned left), {@code left} (nothing
     * done yet), or {@code interrupted} (some done, some not).
     */
    public static String reached(Outcome outcome) {
        if (outcome.ending() != Outcome.Ending.INTERRUPTED) {
            return "done";
        }
        int done = 0;
        int left = 0;
        for (RepositoryResult r : outcome.repositories()) {
            if (r.change() != null) {
                done += r.status() == RepositoryStatus.CREATED
                                || r.status() == RepositoryStatus.UPDATED
                                || r.status() == RepositoryStatus.POLICY_DELETED
                        ? 1
                        : 0;
                left += r.status() == RepositoryStatus.INTERRUPTED ? 1 : 0;
                continue;
            }
            for (DeleteOutcome o : r.outcomes().values()) {
                done += o.status().done() ? 1 : 0;
                left += o.status() == DeleteOutcome.Status.NOT_ATTEMPTED ? 1 : 0;
            }
        }
        return left == 0 ? "done" : done == 0 ? "left" : "interrupted";
    }

    private static String repositories(int n) {
        return n + (n == 1 ? " repository" : " repositories");
    }
}
