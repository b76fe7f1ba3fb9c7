package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.ReportMerge;
import io.github.ecrsweep.report.ReportWriter;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecrsweep report}: work on reports written with {@code -o json} or {@code --report}. */
@Command(
        name = "report",
        description = "Work on the JSON reports of changing commands (-o json, --report, --out).",
        subcommands = {ReportCommand.Merge.class})
final class ReportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: merge");
    }

    /** {@code ecrsweep report merge}: shard reports as the one report of the whole run. */
    @Command(
            name = "merge",
            description = "Combine the JSON reports of the shards of one run (--shard I/N), or of runs over disjoint"
                    + " repositories of one account and region, into the report one run would have written: every"
                    + " repository, the totals added up, and the exit status that run would have had. Refuses reports of"
                    + " different commands, stages, accounts or regions, overlapping repositories and a shard given twice;"
                    + " a missing shard is an error (exit 1) after the merged report.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:the merged run succeeded (with --detailed-exitcode: and its plan changes nothing)",
                "1:the merged run failed or was refused, or a shard is missing",
                "2:usage error: a file cannot be read, is not a report, or the reports cannot be merged",
                "3:the merged run was partial",
                "4:with --detailed-exitcode, the merged plan changes something"
            },
            footer = {
                "%nExamples:",
                "  ecrsweep report merge shard-*.json",
                "  ecrsweep report merge shard-*.json -o markdown >> \"$GITHUB_STEP_SUMMARY\"",
                "  ecrsweep report merge plan-*.json --detailed-exitcode -o json > plan.json"
            })
    static final class Merge implements Callable<Integer> {

        private static final long MAX_BYTES = 256L << 20;

        @Spec
        CommandSpec spec;

        @Mixin
        OutputOptions output;

        @Option(
                names = "--detailed-exitcode",
                description = "Exit 4 when the merged plan (of dry runs) changes something, 0 when it changes nothing.")
        boolean detailedExitCode;

        @Option(
                names = "--max-bytes",
                paramLabel = "N",
                description = "With -o markdown: write at most N bytes (GitHub's job summary holds 1 MiB: 1048576);"
                        + " past it, each repository on one row instead of every image, and it says so.")
        Long maxBytes;

        @Parameters(
                paramLabel = "FILE",
                arity = "1..*",
                description = "The JSON reports to merge, or a directory whose .json files are the reports (a run's"
                        + " --report 'reports/{run}/shard-{shard}.json': an engine that runs no shell names the"
                        + " directory).")
        List<String> files;

        private final Context context;

        Merge(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (maxBytes != null && maxBytes < 4096) {
                throw new UserError(ExitCode.USAGE, "--max-bytes takes at least 4096, room for the summary");
            }
            files = expand(files);
            ReportMerge.Merged merged = merged(files, detailedExitCode);
            PrintWriter out = spec.commandLine().getOut();
            output.print(out, (f, w) -> {
                int width = w == out ? output.width(context) : 0;
                if (merged.fleet() != null) {
                    merged.fleet().write(f, w, width);
                } else if (maxBytes != null && f == io.github.ecrsweep.report.Format.markdown) {
                    ReportWriter.markdownWithin(merged.report(), w, maxBytes);
                } else {
                    ReportWriter.write(merged.report(), f, w, width);
                }
            });
            if (!merged.missingShards().isEmpty()) {
                throw new UserError(
                        ExitCode.FAILED,
                        "shard" + (merged.missingShards().size() == 1 ? " " : "s ")
                                + String.join(", ", merged.missingShards())
                                + " missing: the merged report covers only the shards given, and a whole run's exit"
                                + " status cannot be told");
            }
            return merged.fleet() != null
                    ? merged.fleet().exitCode()
                    : ReportMerge.exitCode(merged.report(), detailedExitCode).code();
        }

        /** The reports of these files merged: one target's or several targets' (fleet) reports, never a mix. */
        static ReportMerge.Merged merged(List<String> files, boolean detailed) {
            List<String> texts = files.stream().map(Merge::read).toList();
            long fleets = texts.stream().filter(ReportMerge::isFleet).count();
            if (fleets > 0 && fleets < texts.size()) {
                throw new UserError(
                        ExitCode.USAGE,
                        "cannot merge: some reports are of runs over several targets and some of one target");
            }
            if (fleets > 0) {
                List<ReportMerge.FleetInput> inputs = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    inputs.add(new ReportMerge.FleetInput(
                            files.get(i), ReportMerge.readFleet(files.get(i), texts.get(i))));
                }
                return ReportMerge.mergeFleets(inputs, detailed);
            }
            List<ReportMerge.Input> inputs = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                inputs.add(new ReportMerge.Input(files.get(i), ReportMerge.read(files.get(i), texts.get(i))));
            }
            return ReportMerge.merge(inputs);
        }

        /** The files as given, a directory standing for its .json files in name order. */
        private static List<String> expand(List<String> given) {
            List<String> all = new ArrayList<>();
            for (String name : given) {
                Path path;
                try {
                    path = Path.of(name);
                } catch (InvalidPathException e) {
                    all.add(name); // read() says it is not a path
                    continue;
                }
                if (!java.nio.file.Files.isDirectory(path)) {
                    all.add(name);
                    continue;
                }
                try (java.util.stream.Stream<Path> in = java.nio.file.Files.list(path)) {
                    List<String> reports = in.filter(
                                    p -> p.getFileName().toString().endsWith(".json"))
                            .filter(p -> java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                            .map(Path::toString)
                            .sorted()
                            .toList();
                    if (reports.isEmpty()) {
                        throw new UserError(
                                ExitCode.USAGE, "no .json report in the directory '" + Text.safe(name) + "'");
                    }
                    all.addAll(reports);
                } catch (java.io.IOException e) {
                    throw new UserError(
                            ExitCode.USAGE,
                            "cannot read the directory '" + Text.safe(name) + "': "
                                    + e.getClass().getSimpleName());
                }
            }
            return all;
        }

        private static String read(String file) {
            String text;
            try {
                text = InputFile.read(Path.of(file), MAX_BYTES, "report");
            } catch (InputFile.UnreadableException e) {
                throw new UserError(
                        ExitCode.USAGE, "cannot read report '" + Text.safe(file) + "': " + e.getMessage(), e);
            } catch (InvalidPathException e) {
                throw new UserError(ExitCode.USAGE, "cannot read report '" + Text.safe(file) + "': invalid path", e);
            }
            return text;
        }
    }
}
