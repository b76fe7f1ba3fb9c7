package io.github.ecrsweep.cli;

import picocli.CommandLine.Option;

/** The guards of every command that changes things. */
public final class SafetyOptions {

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed without a terminal, e.g. in CI).")
    boolean yes;

    @Option(names = "--max-delete", paramLabel = "N", description = "Refuse, changing nothing, a plan that deletes or expires more than N images.")
    Integer maxDelete;

    void check() {
        if (maxDelete != null && maxDelete < 0) {
            throw new UserError(ExitCode.USAGE, "--max-delete must not be negative, not " + maxDelete);
        }
    }
}
