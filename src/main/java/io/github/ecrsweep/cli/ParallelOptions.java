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
            description = "Repositories worked on at once. Default: auto, " + Fleet.AIMED_RATE + " calls per second"
                    + " times the seconds a call takes (between " + Fleet.MIN_AUTO + " and " + Fleet.MAX_AUTO
                    + "), sized when the work starts and again as it goes on; " + Fleet.DEFAULT_PARALLEL
                    + " when no call was made.")
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
