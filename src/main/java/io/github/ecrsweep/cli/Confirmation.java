package io.github.ecrsweep.cli;

/** The last guard before a change: --yes, or a person who says yes at the terminal. */
final class Confirmation {

    private Confirmation() {
    }

    /** Whether the command will ask (a terminal and no --yes); callers show the plan first then. */
    static boolean willAsk(SafetyOptions safety, Prompter prompter) {
        return !safety.yes && prompter.isInteractive();
    }

    static void require(SafetyOptions safety, Prompter prompter, String question, String what) {
        if (safety.yes) {
            return;
        }
        if (!prompter.isInteractive()) {
            throw new UserError(ExitCode.FAILED, "refusing to " + what + " without --yes: there is no terminal to confirm on;"
                    + " nothing was changed (review with --dry-run, then run again with --yes)");
        }
        if (!prompter.confirm(question)) {
            throw new UserError(ExitCode.FAILED, "declined: nothing was changed");
        }
    }

    /** Refuses a plan larger than --max-delete. */
    static void checkMaxDelete(SafetyOptions safety, int removals) {
        if (safety.maxDelete != null && removals > safety.maxDelete) {
            throw new UserError(ExitCode.FAILED, "the plan deletes or expires " + removals + " images, more than --max-delete "
                    + safety.maxDelete + "; nothing was changed");
        }
    }
}
