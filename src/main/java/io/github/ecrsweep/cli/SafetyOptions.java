package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Guards;
import picocli.CommandLine.Option;

/** The guards of every command that changes things. */
public final class SafetyOptions {

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation (needed without a terminal, e.g. in CI).")
    boolean yes;

    @Option(
            names = "--max-delete",
            paramLabel = "N",
            description = "Refuse, changing nothing, a plan that deletes or expires more than N images, counted per"
                    + " target (each account and region; with --shard, its part); a dry run of such a plan says so"
                    + " and exits 1.")
    Integer maxDelete;

    @Option(
            names = "--max-delete-total",
            paramLabel = "N",
            description = "Refuse the whole run, in every target, changing nothing, when its targets together delete"
                    + " or expire more than N images: counted over every target of this run (with --shard, over its"
                    + " part; apply of a fleet plan counts the whole plan).")
    Integer maxDeleteTotal;

    @Option(
            names = "--detailed-exitcode",
            description = "With --dry-run: exit 4 when the plan changes something and 0 when it changes nothing,"
                    + " so a CI job can decide whether an apply job runs.")
    boolean detailedExitCode;

    Guards guards() {
        return new Guards(dryRun, yes, maxDelete, detailedExitCode, false, maxDeleteTotal);
    }
}
