package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Fleet;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import picocli.CommandLine.Option;

/** How many repositories a fleet command works on at once. */
public final class ParallelOptions {

    @Option(
            names = "--parallel",
            paramLabel = "N|auto",
            defaultValue = "auto",
            description = "Repositories worked on at once, and so the most calls in flight. Default: auto, up to "
                    + Fleet.MAX_AUTO + " (" + Fleet.DEFAULT_PARALLEL + " when no call is made, as from a snapshot)."
                    + " Either way the calls in flight of each operation start at 8, grow while nothing is throttled"
                    + " and the latency holds, and shrink by half the share of calls ECR throttles.")
    String parallel = "auto";

    Fleet fleet(Context context) {
        if ("auto".equals(parallel)) {
            return Fleet.automatic(context.progress());
        }
        int n;
        try {
            n = Integer.parseInt(parallel);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--parallel must be 'auto' or a whole number of at least 1, not '" + parallel + "'");
        }
        return new Fleet(n, context.progress());
    }
}
