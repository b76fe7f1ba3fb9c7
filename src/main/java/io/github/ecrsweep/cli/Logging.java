package io.github.ecrsweep.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Sets the log levels from {@code -v}, {@code -vv}, {@code -vvv} once the command line is parsed and
 * before the command runs: the simple logger reads its configuration when the first logger is made,
 * and none is made before this. -v: ecrsweep's steps; -vv: also the AWS SDK's requests; -vvv:
 * everything. The loggers that could print secrets (request signers, credential chains, cached
 * credential suppliers) stay at warn whatever the level: see {@code simplelogger.properties}.
 */
final class Logging {

    private static final String[] LEVELS = {"warn", "info", "debug", "trace"};

    private Logging() {}

    /** The execution strategy that configures logging, then runs the command picocli chose. */
    static CommandLine.IExecutionStrategy strategy() {
        return parseResult -> {
            configure(verbosity(parseResult));
            return new CommandLine.RunLast().execute(parseResult);
        };
    }

    /** How many -v were given, on the root command and the subcommand together. */
    static int verbosity(ParseResult result) {
        int n = 0;
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("-v")) {
                boolean[] flags = r.matchedOptionValue("-v", new boolean[0]);
                n += flags.length;
            }
        }
        return n;
    }

    private static void configure(int verbosity) {
        if (verbosity == 0) {
            return;
        }
        String level = LEVELS[Math.min(verbosity, LEVELS.length - 1)];
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk", verbosity >= 2 ? level : "error");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }
}
