package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out FILE}: the plan, written for review and for {@code ecrsweep apply}. */
final class PlanOutOption {

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "With --dry-run: also write the plan (its JSON document, with each decision's digest and"
                    + " tags, or each repository's policy before and after) to FILE, for review and for 'ecrsweep apply"
                    + " FILE', which executes exactly that plan; {shard} in FILE becomes I-of-N with --shard I/N.")
    Path file;

    /** The file to write the plan to, or null; only a dry run writes one, since a real run's plan is executed at once. */
    Path checked(boolean dryRun) {
        if (file != null && !dryRun) {
            throw new UserError(ExitCode.USAGE, "--out writes a plan to apply later: add --dry-run");
        }
        return file;
    }
}
