package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ChangeRequest;
import io.github.ecrsweep.app.ChangeService;
import io.github.ecrsweep.app.Confirmation;
import io.github.ecrsweep.app.Diagnostics;
import io.github.ecrsweep.app.ExitStatus;
import io.github.ecrsweep.app.Fleet;
import io.github.ecrsweep.app.Outcome;
import io.github.ecrsweep.app.Reporting;
import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.aws.EcrSettings;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.FleetReport;
import io.github.ecrsweep.report.Format;
import io.github.ecrsweep.report.Report;
import io.github.ecrsweep.report.ReportWriter;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.Units;
import io.github.ecrsweep.report.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
        if (!aws.usesSnapshots() && aws.targets().size() > 1) {
            return new ChangeFlow(context, output, out, err).runTargets(request, fleet, aws, check, plan);
        }
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
        try (Interruption interruption = context.interruptible() ? Interruption.install() : Interruption.none()) {
            Result result = execute(
                    request, fleet, registry, now, aws, check, planOut, Cli.diagnostics(err), interruption, null);
            long writing = System.nanoTime();
            output.print(out, (f, w) -> {
                if (!(result.shownAlready() && w == out)) {
                    ReportWriter.write(result.report(), f, w, w == out ? output.width(context) : 0);
                }
            });
            org.slf4j.LoggerFactory.getLogger(ChangeFlow.class)
                    .info("wrote the report ({}) in {} ms", format, (System.nanoTime() - writing) / 1_000_000);
            if (result.outcome() instanceof Outcome.Interrupted i) {
                throw new UserError(
                        ExitStatus.of(result.outcome()),
                        "interrupted by " + i.cancellation().cause() + ": "
                                + progress(result.report().summary()) + "; run the same command again to finish");
            }
            return result.code();
        }
    }

    /** A target's run: its outcome, its report, whether the person saw the table already, and its exit status. */
    private record Result(Outcome outcome, Report report, boolean shownAlready, int code) {}

    /** Plans, asks and acts in one registry; prints nothing on stdout. */
    private Result execute(
            ChangeRequest request,
            Fleet fleet,
            Registry registry,
            Instant now,
            AwsOptions aws,
            boolean check,
            Path planOut,
            Diagnostics diagnostics,
            Interruption interruption,
            Confirmation shared) {
        Confirmation confirmation = shared != null
                ? shared
                : new Confirmation() {
                    @Override
                    public boolean personPresent() {
                        return context.prompter().isInteractive();
                    }

                    @Override
                    public boolean confirm(Outcome.Pending plan, String question) {
                        // A person reads the table before answering; a document for machines is written once, at the
                        // end.
                        if (format == Format.table) {
                            ReportWriter.write(Reporting.of(plan), Format.table, out, output.width(context));
                        }
                        return context.prompter().confirm(question);
                    }
                };
        Outcome outcome = new ChangeService(fleet, confirmation, diagnostics).run(request, registry, now, interruption);
        aws.reportInUse(outcome.run().inUse().scans(), err);
        boolean shownAlready = outcome instanceof Outcome.Refused r && r.declined() && format == Format.table;
        Report report = Reporting.of(outcome);
        if (planOut != null && outcome instanceof Outcome.DryRun) {
            writePlan(report, planOut);
        }
        if (check) {
            reportDrift(report, diagnostics);
            return new Result(
                    outcome, report, shownAlready, ExitStatus.ofCheck(outcome).code());
        }
        return new Result(
                outcome,
                report,
                shownAlready,
                ExitStatus.of(outcome, request.guards().detailedExitCode()).code());
    }

    /**
     * The run in several targets (accounts × regions): each target planned and done as a run of its own, with
     * its own clients and rate limits, concurrently; when a person answers, every target is planned first and
     * one question covers them all, each target's plan and question shown before it. A target that cannot be
     * reached fails alone. Then one report.
     */
    private int runTargets(ChangeRequest request, Fleet fleet, AwsOptions aws, boolean check, Path planOut) {
        List<EcrSettings> targets = aws.targets();
        if (request instanceof ChangeRequest.ApplyPlan) {
            throw new UserError(
                    ExitCode.USAGE,
                    "a reviewed plan is for the one account and region it names; apply it without other targets");
        }
        if (planOut != null) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--out writes the plan of one account and region; with " + targets.size()
                            + " targets, write and apply each target's plan on its own");
        }
        boolean asks = !request.guards().dryRun()
                && !request.guards().yes()
                && context.prompter().isInteractive();
        // Asking once means every target waits, planned, for the answer: each needs a worker of its own then.
        int pool = asks ? targets.size() : Math.min(TARGETS_AT_ONCE, targets.size());
        SharedQuestion question = asks ? new SharedQuestion(targets.size()) : null;
        Fleet quiet = fleet.withoutProgress();
        List<Integer> indexes =
                java.util.stream.IntStream.range(0, targets.size()).boxed().toList();
        List<FleetReport.TargetReport> reports;
        try (Interruption interruption = context.interruptible() ? Interruption.install() : Interruption.none()) {
            java.util.concurrent.CompletableFuture<List<FleetReport.TargetReport>> running =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> new Fleet(
                                    pool, io.github.ecrsweep.app.Progress.NONE)
                            .map(
                                    "Targets",
                                    indexes,
                                    i -> target(
                                            request, quiet, aws, check, targets.get(i), interruption, question, i)));
            if (question != null) {
                question.askOnce();
            }
            try {
                reports = running.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        int code = FleetReport.exitCode(
                reports.stream().map(FleetReport.TargetReport::exitCode).toList());
        FleetReport report = FleetReport.of(request.command(), request.guards().dryRun(), code, reports);
        output.print(out, (f, w) -> report.write(f, w, w == out ? output.width(context) : 0));
        return code;
    }

    /** How many targets run at once: each has its own clients, and ECR's quotas are per account and region. */
    private static final int TARGETS_AT_ONCE = 4;

    private FleetReport.TargetReport target(
            ChangeRequest request,
            Fleet fleet,
            AwsOptions aws,
            boolean check,
            EcrSettings settings,
            Interruption interruption,
            SharedQuestion question,
            int index) {
        String label = label(settings);
        String roleArn = settings.role() == null ? null : settings.role().arn();
        Diagnostics prefixed = prefixed(label);
        long started = System.nanoTime();
        Confirmation confirmation = question == null ? null : question.forTarget(index);
        try (Registry registry = context.registries().open(new Target(List.of(), settings))) {
            Instant now = aws.now(context.clock(), registry);
            try {
                return targetRun(
                        request, fleet, aws, check, settings, interruption, registry, now, prefixed, confirmation);
            } finally {
                aws.report(label + ": ", registry, err, started);
            }
        } catch (UserError | RegistryException e) {
            prefixed.error(e.getMessage());
            int code = e instanceof UserError u ? u.exitCode().code() : ExitCode.FAILED.code();
            return new FleetReport.TargetReport(
                    label, settings.profile(), roleArn, settings.region(), code, e.getMessage(), null);
        } finally {
            if (question != null) {
                question.arrive(index); // a target that asked nothing (failed, dry, unchanged) counts as answered
            }
        }
    }

    /**
     * One question for every target of a run a person answers: each target, once planned, waits here with its
     * plan and its question; when all have arrived (or ended without a question), their plans and questions are
     * shown in target order and the person answers once for all.
     */
    private final class SharedQuestion {
        private final java.util.concurrent.CountDownLatch arrivals;
        private final boolean[] arrived;
        private final java.util.TreeMap<Integer, Outcome.Pending> plans = new java.util.TreeMap<>();
        private final java.util.TreeMap<Integer, String> questions = new java.util.TreeMap<>();
        private final java.util.concurrent.CompletableFuture<Boolean> answer =
                new java.util.concurrent.CompletableFuture<>();

        SharedQuestion(int targets) {
            arrivals = new java.util.concurrent.CountDownLatch(targets);
            arrived = new boolean[targets];
        }

        synchronized void arrive(int index) {
            if (!arrived[index]) {
                arrived[index] = true;
                arrivals.countDown();
            }
        }

        Confirmation forTarget(int index) {
            return new Confirmation() {
                @Override
                public boolean personPresent() {
                    return true;
                }

                @Override
                public boolean confirm(Outcome.Pending plan, String text) {
                    synchronized (SharedQuestion.this) {
                        plans.put(index, plan);
                        questions.put(index, text);
                    }
                    arrive(index);
                    return answer.join();
                }
            };
        }

        /** Waits for every target, then shows every plan and question and asks once. */
        void askOnce() {
            try {
                arrivals.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer.complete(false);
                return;
            }
            java.util.List<String> asked;
            synchronized (this) {
                if (plans.isEmpty()) {
                    answer.complete(false);
                    return;
                }
                if (format == Format.table) {
                    plans.values()
                            .forEach(
                                    p -> ReportWriter.write(Reporting.of(p), Format.table, out, output.width(context)));
                }
                asked = List.copyOf(questions.values());
            }
            asked.forEach(q -> err.println(Text.safe("  " + q)));
            err.flush();
            answer.complete(context.prompter()
                    .confirm("Do all of the above, in " + Units.count(asked.size(), "target", "targets") + "?"));
        }
    }

    private FleetReport.TargetReport targetRun(
            ChangeRequest request,
            Fleet fleet,
            AwsOptions aws,
            boolean check,
            EcrSettings settings,
            Interruption interruption,
            Registry registry,
            Instant now,
            Diagnostics prefixed,
            Confirmation confirmation) {
        Result result = execute(request, fleet, registry, now, aws, check, null, prefixed, interruption, confirmation);
        return new FleetReport.TargetReport(
                registry.describe(),
                settings.profile(),
                settings.role() == null ? null : settings.role().arn(),
                settings.region(),
                result.code(),
                null,
                result.report());
    }

    /** A target as the run names it before it is reached: its role's account or its profile, and its region. */
    private static String label(EcrSettings s) {
        String who = s.role() != null
                ? "account " + s.role().account()
                : s.profile() != null ? "profile " + s.profile() : "the caller's account";
        return who + (s.region() != null ? " (" + s.region() + ")" : "");
    }

    private Diagnostics prefixed(String label) {
        Diagnostics base = Cli.diagnostics(err);
        return new Diagnostics() {
            @Override
            public void warn(String message) {
                base.warn(label + ": " + message);
            }

            @Override
            public void error(String message) {
                base.error(label + ": " + message);
            }
        };
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
