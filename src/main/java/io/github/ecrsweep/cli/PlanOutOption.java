package io.github.ecrsweep.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out FILE}: the plan, written for review and for {@code ecrsweep apply}. */
final class PlanOutOption {

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "With --dry-run: also write the plan (its JSON document, with each decision's digest and"
                    + " tags, or each repository's policy before and after, and what it was computed from) to FILE, for"
                    + " review and for 'ecrsweep apply FILE', which executes exactly that plan, or less; the report"
                    + " prints the file's SHA-256 for 'apply --expect-sha256'. {shard} in FILE becomes I-of-N with"
                    + " --shard I/N, {run} the --run-id; missing directories are made.")
    Path file;
}
