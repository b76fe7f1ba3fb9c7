package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ChangeRequest;
import io.github.ecrsweep.app.ChangeService;
import io.github.ecrsweep.app.Confirmation;
import io.github.ecrsweep.app.Diagnostics;
import io.github.ecrsweep.app.ExitCode;
import io.github.ecrsweep.app.ExitStatus;
import io.github.ecrsweep.app.Fleet;
import io.github.ecrsweep.app.Outcome;
import io.github.ecrsweep.app.UserError;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.report.Format;
import io.github.ecrsweep.report.Report;
import io.github.ecrsweep.report.ReportWriter;
import io.github.ecrsweep.report.Reports;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The terminal side of a changing command: the application layer's {@link ChangeService} with this
 * process's ports (the person at the terminal, stderr, SIGINT and SIGTERM), then the report of the
 * outcome on stdout and its exit status.
 */
final class ChangeFlow {

    private final Context context;
    private final OutputOptions output;
    private final Format format;
    private final PrintWriter out;
    private final PrintWriter err;

    private ChangeFlow(Context context, OutputOptions output, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.output = output;
        this.format = output.format();
        this.out = out;
        this.err = err;
    }

    /**
     * What a changing command does once its options are read: run {@code request} where {@code aws} points.
     *
     * @param check   apply-all --check: the request is a dry run, and a repository whose policy is not the one
     *                wanted is drift, told in one line, with exit 1
     * @param planOut where the plan of a dry run is written (--out), or null
     */
    static int run(
            ChangeRequest request,
            Fleet fleet,
            Context context,
            AwsOptions aws,
            OutputOptions output,
            CommandSpec spec,
            boolean check,
            Path planOut) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        output.nameForShard(request.selection().shard());
        Path plan = OutputOptions.forShard(planOut, request.selection().shard());
        return aws.withRegistry(
                context,
                err,
                (registry, now) ->
                        new ChangeFlow(context, output, out, err).run(request, fleet, registry, now, aws, check, plan));
    }

    private int run(
            ChangeRequest request,
            Fleet fleet,
            Registry registry,
            Instant now,
            AwsOptions aws,
            boolean check,
            Path planOut) {
        Diagnostics diagnostics = Cli.diagnostics(err);
        Confirmation confirmation = new Confirmation() {
            @Override
            public boolean personPresent() {
                return context.prompter().isInteractive();
            }

            @Override
            public boolean confirm(Outcome.Pending plan, String question) {
                // A person reads the table before answering; a document for machines is written once, at the end.
                if (format == Format.table) {
                    ReportWriter.write(Reports.of(plan), Format.table, out, output.width(context));
                }
                return context.prompter().confirm(question);
            }
        };
        try (Interruption interruption = context.interruptible() ? Interruption.install() : Interruption.none()) {
            Outcome outcome =
                    new ChangeService(fleet, confirmation, diagnostics).run(request, registry, now, interruption);
            aws.reportInUse(outcome.run().inUse().scans(), err);
            boolean shownAlready = outcome instanceof Outcome.Refused r && r.declined() && format == Format.table;
            Report report = Reports.of(outcome);
            if (planOut != null && outcome instanceof Outcome.DryRun) {
                writePlan(report, planOut);
            }
            output.print(out, (f, w) -> {
                if (!(shownAlready && w == out)) {
                    ReportWriter.write(report, f, w, w == out ? output.width(context) : 0);
                }
            });
            if (outcome instanceof Outcome.Interrupted i) {
                throw new UserError(
                        ExitStatus.of(outcome),
                        "interrupted by " + i.cancellation().cause() + ": " + progress(report.summary())
                                + "; run the same command again to finish");
            }
            if (check) {
                reportDrift(report, diagnostics);
                return ExitStatus.ofCheck(outcome).code();
            }
            return ExitStatus.of(outcome, request.guards().detailedExitCode()).code();
        }
    }

    /** The plan, as the JSON document every report is, where --out says. */
    private static void writePlan(Report report, Path file) {
        try {
            Files.writeString(file, ReportWriter.json(report) + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new UserError(
                    ExitCode.USAGE,
                    "cannot write the plan to '" + Text.safe(file.toString()) + "': "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** apply-all --check: how many repositories differ from the policy wanted, and how, as the report counts them. */
    private static void reportDrift(Report report, Diagnostics diagnostics) {
        Map<String, Integer> policies = report.summary().policies() == null
                ? Map.of()
                : report.summary().policies();
        int missing = policies.getOrDefault("would-create", 0);
        int different = policies.getOrDefault("would-update", 0);
        int extra = policies.getOrDefault("extra-policy", 0);
        if (missing + different + extra > 0) {
            diagnostics.error("drift: " + (missing + different + extra) + " of "
                    + Units.count(report.summary().repositories(), "repository", "repositories")
                    + " differ from the policy (" + missing + " without a policy, " + different
                    + " with another one" + (extra > 0 ? ", " + extra + " with one they should not have" : "")
                    + "); nothing was changed");
        }
    }

    /** What an interrupted run did and did not do: images for deletions, repositories for policies. */
    private static String progress(Report.Summary s) {
        if (s.policies() != null) {
            int put = s.policies().getOrDefault("created", 0) + s.policies().getOrDefault("updated", 0);
            int deleted = s.policies().getOrDefault("policy-deleted", 0);
            return (deleted > 0 ? "deleted the policy of " + Units.count(deleted, "repository", "repositories") : "")
                    + (deleted > 0 && put > 0 ? ", " : "")
                    + (put > 0 || deleted == 0
                            ? "put the policy on " + Units.count(put, "repository", "repositories")
                            : "")
                    + ", "
                    + s.policies().getOrDefault("interrupted", 0) + " not attempted";
        }
        return "deleted " + s.deleted() + " of " + s.delete() + " planned images, " + s.notAttempted()
                + " not attempted";
    }
}
