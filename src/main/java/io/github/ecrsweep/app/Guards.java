package io.github.ecrsweep.app;

import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;

/**
 * The guards of every changing run.
 *
 * @param dryRun           plan only
 * @param yes              no question: the caller confirmed beforehand
 * @param maxDelete        refuse a target's plan that deletes or expires more images than this (counted per target:
 *                         each account and region, within its shard); null for no limit
 * @param detailedExitCode a plan (dry run) that changes something exits {@link ExitCode#CHANGES}, so CI can
 *                         tell "nothing to do" from "something to apply"
 * @param check            apply-all --check: a dry run whose every change is drift, told in one line, exit 1
 * @param maxDeleteTotal   refuse the run, in every target, when all its targets together delete or expire more
 *                         images than this (a shard counts its own part); null for no limit
 * @param maxRestore       refuse a target's plan that restores more images from the archive than this (each restore
 *                         is billed per GB retrieved); null for no limit
 */
public record Guards(
        boolean dryRun,
        boolean yes,
        Integer maxDelete,
        boolean detailedExitCode,
        boolean check,
        Integer maxDeleteTotal,
        Integer maxRestore) {

    public Guards(
            boolean dryRun,
            boolean yes,
            Integer maxDelete,
            boolean detailedExitCode,
            boolean check,
            Integer maxDeleteTotal) {
        this(dryRun, yes, maxDelete, detailedExitCode, check, maxDeleteTotal, null);
    }

    /** These guards as a --check: a dry run that tells drift, without the detailed exit code. */
    public Guards asCheck() {
        return new Guards(true, yes, maxDelete, false, true, maxDeleteTotal, maxRestore);
    }

    /** These guards, restores limited to {@code limit}. */
    public Guards withMaxRestore(Integer limit) {
        return new Guards(dryRun, yes, maxDelete, detailedExitCode, check, maxDeleteTotal, limit);
    }

    public Guards(boolean dryRun, boolean yes, Integer maxDelete, boolean detailedExitCode, boolean check) {
        this(dryRun, yes, maxDelete, detailedExitCode, check, null);
    }

    public Guards(boolean dryRun, boolean yes, Integer maxDelete) {
        this(dryRun, yes, maxDelete, false, false);
    }

    public Guards(boolean dryRun, boolean yes, Integer maxDelete, boolean detailedExitCode) {
        this(dryRun, yes, maxDelete, detailedExitCode, false);
    }

    public Guards {
        if (maxDelete != null && maxDelete < 0) {
            throw new UserError(ExitCode.USAGE, "--max-delete must not be negative, not " + maxDelete);
        }
        if (maxDeleteTotal != null && maxDeleteTotal < 0) {
            throw new UserError(ExitCode.USAGE, "--max-delete-total must not be negative, not " + maxDeleteTotal);
        }
        if (maxRestore != null && maxRestore < 0) {
            throw new UserError(ExitCode.USAGE, "--max-restore must not be negative, not " + maxRestore);
        }
        dryRun |= check;
    }
}
