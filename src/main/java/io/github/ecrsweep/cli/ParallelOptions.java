package io.github.ecrsweep.cli;

import picocli.CommandLine.Option;

/** How many repositories a fleet command works on at once. */
public final class ParallelOptions {

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8",
            description = "Repositories worked on at once (default: ${DEFAULT-VALUE}).")
    int parallel = 8;

    Fleet fleet(Context context) {
        return new Fleet(parallel, context.progress());
    }
}
