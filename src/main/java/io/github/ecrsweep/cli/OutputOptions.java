package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.Format;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import picocli.CommandLine.Option;

/** How a command prints its data on stdout, and where it also writes its JSON document. */
public final class OutputOptions {

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.table;

    @Option(
            names = "--wide",
            description = "Tables as wide as their content; by default a table on a terminal fits its width,"
                    + " cutting long tag lists.")
    boolean wide;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Also write the JSON document to FILE, whatever -o shows"
                    + " (e.g. the table on the terminal and the JSON for the job's artifacts); {shard} in FILE becomes"
                    + " I-of-N with --shard I/N, {run} the --run-id; missing directories are made.")
    Path report;

    /**
     * Whether a table or Markdown leaves out the image rows (apply-all --check: the drift is the point); the
     * JSON keeps them, for machines.
     */
    boolean hideImageRows;

    public Format format() {
        return format;
    }

    /** The marker of --report and --out file names that a sharded run replaces with its shard. */
    static final String SHARD_MARKER = "{shard}";

    /**
     * The file name with {@code {shard}} replaced: {@code I-of-N} for a sharded run, {@code all} otherwise, so
     * that the workers of an engine that passes no shell variables (AWS Batch) write one report each.
     */
    static Path forShard(Path file, io.github.ecrsweep.app.Shard shard) {
        if (file == null || !file.toString().contains(SHARD_MARKER)) {
            return file;
        }
        String part = shard == null ? "all" : shard.index() + "-of-" + shard.count();
        return Path.of(file.toString().replace(SHARD_MARKER, part));
    }

    /** This output, its --report file named for the shard. */
    void nameForShard(io.github.ecrsweep.app.Shard shard) {
        report = forShard(report, shard);
    }

    /** The marker of --report and --out file names that a run with --run-id replaces with its id. */
    static final String RUN_MARKER = "{run}";

    /**
     * The file name with {@code {run}} replaced by the run id (a character a file name must not hold as
     * {@code _}), so that every run of an engine writes its reports apart; refused without a run id.
     */
    static Path forRun(Path file, String runId, String option) {
        if (file == null || !file.toString().contains(RUN_MARKER)) {
            return file;
        }
        if (runId == null) {
            throw new io.github.ecrsweep.report.UserError(
                    io.github.ecrsweep.report.ExitCode.USAGE,
                    RUN_MARKER + " in " + option + " names the run: give --run-id");
        }
        return Path.of(file.toString().replace(RUN_MARKER, runId.replaceAll("[^A-Za-z0-9._-]", "_")));
    }

    /** This output, its --report file named for the run. */
    void nameForRun(String runId) {
        report = forRun(report, runId, "--report");
    }

    /** The widest a table line may be: the terminal's columns, unless --wide; 0 for no limit. */
    int width(Context context) {
        return wide ? 0 : context.columns().getAsInt();
    }

    /**
     * Prints the data on {@code out} in the chosen format and, with --report, writes the same data as JSON
     * to the file: {@code print} is asked once per format.
     */
    void print(PrintWriter out, BiConsumer<Format, PrintWriter> print) {
        print.accept(format, out);
        out.flush();
        if (report != null) {
            StringWriter json = new StringWriter();
            try (PrintWriter w = new PrintWriter(json)) {
                print.accept(Format.json, w);
            }
            SafeFiles.write(report, json.toString().getBytes(StandardCharsets.UTF_8), "the report", false);
        }
    }
}
