package io.github.ecrsweep.app;

/**
 * The guards of every changing run.
 *
 * @param dryRun    plan only
 * @param yes       no question: the caller confirmed beforehand
 * @param maxDelete refuse a plan that deletes or expires more images than this; null for no limit
 */
public record Guards(boolean dryRun, boolean yes, Integer maxDelete) {

    public Guards {
        if (maxDelete != null && maxDelete < 0) {
            throw new UserError(ExitCode.USAGE, "--max-delete must not be negative, not " + maxDelete);
        }
    }
}
