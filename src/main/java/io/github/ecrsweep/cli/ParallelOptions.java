package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ExitCode;
import io.github.ecrsweep.app.Fleet;
import io.github.ecrsweep.app.UserError;
import picocli.CommandLine.Option;

/** How many repositories a fleet command works on at once. */
public final class ParallelOptions {

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "8",
            description = "Repositories worked on at once (default: ${DEFAULT-VALUE}).")
    int parallel = 8;

    Fleet fleet(Context context) {
        if (parallel < 1) {
            throw new UserError(ExitCode.USAGE, "--parallel must be at least 1, not " + parallel);
        }
        return new Fleet(parallel, context.progress());
    }
}
