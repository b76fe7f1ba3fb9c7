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
        return new CommandLine.IExecutionStrategy() {
            @Override
            public int execute(ParseResult parseResult) {
                configure(verbosity(parseResult), Cli.wantsStackTrace(parseResult));
                return new CommandLine.RunLast().execute(parseResult);
            }
        };
    }

    /** A stream of log lines without the frames of stack traces ({@code \tat ...}, {@code \t... 3 more}). */
    static final class WithoutFrames extends java.io.OutputStream {
        private final java.io.OutputStream target;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WithoutFrames(java.io.OutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        private void emit() throws java.io.IOException {
            String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
            line.reset();
            if (!text.startsWith("\tat ") && !text.startsWith("\t... ")) {
                target.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            target.flush();
        }
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

    private static void configure(int verbosity, boolean stackTraces) {
        if (verbosity == 0) {
            return;
        }
        if (!stackTraces) {
            // The log (the simple logger writes to System.err as it is when it writes) keeps each exception's line
            // and drops its frames: Java stack traces only with --stacktrace. ecrsweep's own lines go to the
            // standard error it was given, which this does not touch.
            System.setErr(new java.io.PrintStream(
                    new WithoutFrames(new java.io.FileOutputStream(java.io.FileDescriptor.err)),
                    true,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        String level = LEVELS[Math.min(verbosity, LEVELS.length - 1)];
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk", verbosity >= 2 ? level : "error");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }
}
