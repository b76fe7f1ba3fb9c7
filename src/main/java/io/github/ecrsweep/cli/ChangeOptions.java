package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.ChangeRunner;
import io.github.ecrsweep.app.Confirmation;
import io.github.ecrsweep.app.ExitStatus;
import io.github.ecrsweep.app.Outcome;
import io.github.ecrsweep.app.Reporting;
import io.github.ecrsweep.app.Shard;
import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.app.TargetChoice;
import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.FleetReport;
import io.github.ecrsweep.report.Format;
import io.github.ecrsweep.report.Report;
import io.github.ecrsweep.report.ReportWriter;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.Units;
import io.github.ecrsweep.report.UserError;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * What every changing command shares: how AWS is reached, the guards, the output and the worker pool, and the
 * one tail that runs a {@link Change} with this process's ports (the person at the terminal, stderr, SIGINT and
 * SIGTERM) and prints its report.
 */
public final class ChangeOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    SafetyOptions safety;

    @Mixin
    OutputOptions output;

    @Mixin
    ParallelOptions parallel;

    @Mixin
    NotifyOptions notify;

    @Mixin
    AuditOptions audit;

    @Mixin
    MetricsOptions metrics;

    /** Each target's calls, throttled calls and time, by its label ("" for a run of one target), for --metrics. */
    private final java.util.Map<String, long[]> made = new java.util.concurrent.ConcurrentHashMap<>();

    /** The run's first target, whose profile and region send the notifications. */
    private Target caller;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            converter = RunId.class,
            description = "The run this is part of, recorded in the report and the plan, so that 'ecrsweep report"
                    + " merge' takes only shards of one run: the orchestrator's id of the run (a Kubernetes Job's"
                    + " name, a workflow run's id), or the name of an environment variable that holds it (capitals"
                    + " and underscores: AWS_BATCH_JOB_ID, whose ':index' of an array child is left out).")
    String runId;

    @Option(
            names = "--merge-into",
            paramLabel = "FILE",
            description = "With --shard and a --report named by {shard}: once this worker's report is written, if"
                    + " every shard of the run has written its own, merge them into FILE (the JSON of 'report"
                    + " merge'), so that the last worker to finish writes the run's report with no step after it;"
                    + " {run} in FILE becomes the --run-id. The worker's exit status stays its own.")
    Path mergeInto;

    @Option(
            names = "--follow-replication",
            description = "Also plan and make the same change in every destination (region and account) that the"
                    + " registry's replication rules copy the selected repositories to, each from its own images (never"
                    + " from this plan); in another account with the role --role-name names there, else that"
                    + " destination is named and left.")
    boolean followReplication;

    /** The guards the options set. */
    io.github.ecrsweep.app.Guards guards() {
        return safety.guards();
    }

    /**
     * Runs {@code change} in the targets chosen, prints its report, and returns the exit status.
     *
     * @param planOut   where the plan of a dry run is written (--out), or null
     */
    int run(Context context, Change change, TargetChoice targets, Path planOut) {
        if (followReplication) {
            return followingReplication(context, change, targets, planOut);
        }
        return run(
                context,
                target -> change,
                change.request(),
                !targets.snapshots().isEmpty(),
                () -> targets.resolve(
                        context.organization(),
                        Cli.diagnostics(spec.commandLine().getErr())),
                planOut);
    }

    /**
     * --follow-replication: the chosen targets, then each destination region of their own account that a
     * replication rule names, where the same command runs over the repositories the rule replicates.
     */
    private int followingReplication(Context context, Change change, TargetChoice targets, Path planOut) {
        switch (change.request().command()) {
            case DELETE_UNTAGGED, EXPIRE, SWEEP, UNTAG, PUT_POLICY, APPLY_ALL -> {}
            default ->
                throw new UserError(
                        ExitCode.USAGE,
                        "--follow-replication goes with delete-untagged, untag, expire, sweep, put-policy and"
                                + " apply-all");
        }
        if (!targets.snapshots().isEmpty()) {
            throw new UserError(ExitCode.USAGE, "--follow-replication needs the registry: a snapshot has no replicas");
        }
        if (planOut != null) {
            throw new UserError(
                    ExitCode.USAGE, "--follow-replication plans several registries: it does not write --out plans");
        }
        io.github.ecrsweep.app.Diagnostics said =
                Cli.diagnostics(spec.commandLine().getErr());
        java.util.Map<Target, Change> changes = new java.util.LinkedHashMap<>();
        for (Target source : targets.resolve(context.organization(), said)) {
            changes.putIfAbsent(source, change);
            try (io.github.ecrsweep.registry.Registry registry =
                    context.registries().open(source)) {
                String account = registry.location().account() != null
                        ? registry.location().account()
                        : registry.listRepositories().isEmpty()
                                ? null
                                : registry.location().account();
                for (io.github.ecrsweep.registry.ReplicationRule rule :
                        registry.replicationRules().orElse(List.of())) {
                    for (io.github.ecrsweep.registry.ReplicationRule.Destination d : rule.destinations()) {
                        boolean own = account != null && account.equals(d.registryId());
                        if (!own && targets.roleName() == null) {
                            said.warn("replication to " + d + " is in another account: not followed (give"
                                    + " --role-name to assume a role of that name there, or run there with its"
                                    + " profile)");
                            continue;
                        }
                        io.github.ecrsweep.registry.AssumedRole role = own
                                ? source.role()
                                : new io.github.ecrsweep.registry.AssumedRole(
                                        io.github.ecrsweep.registry.Partitions.roleArn(
                                                d.registryId(), targets.roleName(), d.region()),
                                        targets.externalId(),
                                        targets.sessionName() == null ? "ecrsweep" : targets.sessionName());
                        Target there =
                                new Target(source.snapshots(), d.region(), source.profile(), role, source.access());
                        changes.putIfAbsent(
                                there, new io.github.ecrsweep.app.change.ReplicaChange(change, rule.prefixes()));
                    }
                }
            }
        }
        return runEach(context, changes);
    }

    /**
     * Runs in each target the change made for it (a fleet plan applied target by target), prints the fleet's
     * report, and returns the exit status.
     */
    int runEach(Context context, java.util.Map<Target, Change> changes) {
        List<Target> targets = List.copyOf(changes.keySet());
        return run(context, changes::get, changes.get(targets.get(0)).request(), false, () -> targets, null);
    }

    private int run(
            Context context,
            java.util.function.Function<Target, Change> changes,
            Change.Request request,
            boolean snapshots,
            java.util.function.Supplier<List<Target>> targets,
            Path planOut) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        aws.checkNowOnlyForPlans(request.guards().dryRun(), snapshots);
        if (planOut != null && !request.guards().dryRun() && !snapshots) {
            throw new UserError(ExitCode.USAGE, "--out writes a plan to apply later: add --dry-run");
        }
        Shard shard = request.selection().shard();
        Path reportPattern = output.report;
        List<Path> shardReports = shardReports(reportPattern, shard);
        Path mergeFile = OutputOptions.forRun(mergeInto, runId, "--merge-into");
        SafeFiles.check(mergeFile, "the merged report");
        output.nameForShard(shard);
        output.nameForRun(runId);
        Path plan = OutputOptions.forRun(OutputOptions.forShard(planOut, shard), runId, "--out");
        SafeFiles.check(plan, "the plan");
        SafeFiles.check(output.report, "the report");
        notify.destinations();
        audit.check();
        metrics.check();
        List<Target> resolved = targets.get();
        caller = resolved.isEmpty() ? null : resolved.get(0);
        ChangeRunner runner = new ChangeRunner(
                context.registries(),
                context.inUseSources(),
                confirmation(context, out, err),
                Cli.diagnostics(err),
                context.ticker(),
                (target, statistics, millis) -> {
                    made.put(
                            target == null ? "" : target,
                            new long[] {millis, statistics.total(), statistics.throttled()});
                    aws.report(target, statistics, millis, err);
                });
        try (Interruption interruption = context.interruptible() ? Interruption.install() : Interruption.none()) {
            ChangeRunner.Result result = runner.run(changes, resolved, parallel.fleet(context), aws.now, interruption);
            try {
                return result.several()
                        ? printFleet(context, request, result, plan, out, err)
                        : printOne(
                                context, result.only().outcome(), result.only().exitCode(), plan, out, err);
            } finally {
                mergeIfComplete(shardReports, mergeFile, err);
            }
        }
    }

    /** The --report file of every shard of the run, for --merge-into; empty without it. */
    private List<Path> shardReports(Path pattern, Shard shard) {
        if (mergeInto == null) {
            return List.of();
        }
        if (shard == null || pattern == null || !pattern.toString().contains(OutputOptions.SHARD_MARKER)) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--merge-into merges the reports of a run's shards: give --shard I/N and a --report named by"
                            + " {shard}");
        }
        List<Path> all = new ArrayList<>();
        for (int i = 0; i < shard.count(); i++) {
            all.add(OutputOptions.forRun(
                    OutputOptions.forShard(pattern, new Shard(i, shard.count())), runId, "--report"));
        }
        return all;
    }

    /**
     * Once every shard's report is there, merges them into the file; a worker that finds one missing leaves it
     * to the last. A merge that is refused (shards of different runs) is said on stderr and changes no status.
     */
    private static void mergeIfComplete(List<Path> reports, Path into, PrintWriter err) {
        if (into == null || !reports.stream().allMatch(java.nio.file.Files::isRegularFile)) {
            return;
        }
        try {
            io.github.ecrsweep.report.ReportMerge.Merged merged = ReportCommand.Merge.merged(
                    reports.stream().map(Path::toString).toList(), false);
            String json =
                    merged.fleet() != null ? ReportWriter.json(merged.fleet()) : ReportWriter.json(merged.report());
            SafeFiles.write(
                    into, (json + System.lineSeparator()).getBytes(StandardCharsets.UTF_8), "the merged report", false);
            err.println(Text.safe("Every shard's report is written: merged into " + into));
        } catch (UserError e) {
            err.println(Text.safe("ecrsweep: warning: the shards' reports were not merged: " + e.getMessage()));
        }
        err.flush();
    }

    /** A run of one target: its report, the plan file, and a line when a signal stopped it. */
    private int printOne(
            Context context, Outcome outcome, ExitCode code, Path planOut, PrintWriter out, PrintWriter err) {
        aws.reportInUse(outcome.run().inUse().scans(), err);
        Report built = Reporting.of(outcome).withRunId(runId);
        Report report = planOut != null && outcome.isDryRun() ? writePlan(built, planOut) : built;
        // A person who declined read the table at the question already.
        boolean shownAlready = outcome.ending() == Outcome.Ending.DECLINED && output.format() == Format.table;
        long writing = context.ticker().nanos();
        output.print(out, (f, w) -> {
            if (!(shownAlready && w == out)) {
                ReportWriter.write(report, f, w, w == out ? output.width(context) : 0, !output.hideImageRows);
            }
        });
        LoggerFactory.getLogger(ChangeOptions.class)
                .info(
                        "wrote the report ({}) in {} ms",
                        output.format(),
                        context.ticker().millisSince(writing));
        handOn(
                context,
                List.of(report),
                List.of(caller),
                false,
                report.dryRun(),
                () -> io.github.ecrsweep.report.Notice.of(report, code.code()),
                err);
        if (outcome.ending() == Outcome.Ending.INTERRUPTED) {
            throw new UserError(
                    code,
                    "interrupted by " + outcome.cancellation().cause() + ": " + ExitStatus.progress(outcome)
                            + "; run the same command again to finish");
        }
        return code.code();
    }

    /**
     * What a run hands on when it ends, the same for one target and for many: the audit trail of what changed,
     * the metrics of each target, and the notice. Each is sent with the run's first target's own credentials; each
     * that fails is a warning, never a change of the exit status.
     *
     * @param reports each target's report, in the order of {@code targets}; null for a target not planned
     * @param several whether the calls were counted by target label (a run of several targets)
     * @param notice  the notice, made only when it is sent: its text holds every image of the report
     */
    private void handOn(
            Context context,
            List<Report> reports,
            List<Target> targets,
            boolean several,
            boolean dryRun,
            java.util.function.Supplier<io.github.ecrsweep.report.Notice> notice,
            PrintWriter err) {
        if (caller == null) {
            return;
        }
        audit.write(reports, targets, runId, err);
        List<io.github.ecrsweep.report.RunMetrics> each = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i) != null) {
                long[] calls = made.getOrDefault(several ? targets.get(i).label() : "", new long[3]);
                each.add(io.github.ecrsweep.report.RunMetrics.of(reports.get(i), calls[0], calls[1], calls[2]));
            }
        }
        metrics.publish(each, dryRun, caller, context.clock().instant(), err);
        notify.send(notice, caller, err);
    }

    /** A run of several targets: one report of each target's own, with the exit status of all. */
    private int printFleet(
            Context context,
            Change.Request request,
            ChangeRunner.Result result,
            Path planOut,
            PrintWriter out,
            PrintWriter err) {
        List<FleetReport.TargetReport> reports = new ArrayList<>();
        boolean scansShown = false;
        boolean interrupted = result.targets().stream()
                .anyMatch(t -> t.outcome() != null && t.outcome().ending() == Outcome.Ending.INTERRUPTED);
        java.util.Map<String, List<String>> reached = new java.util.LinkedHashMap<>();
        String cause = null;
        for (ChangeRunner.TargetRun t : result.targets()) {
            Target target = t.target();
            String roleArn = target.role() == null ? null : target.role().arn();
            if (t.outcome() == null) {
                reports.add(new FleetReport.TargetReport(
                        target.label(),
                        target.profile(),
                        roleArn,
                        target.region(),
                        t.exitCode().code(),
                        t.error(),
                        null));
                continue;
            }
            if (!scansShown) {
                aws.reportInUse(t.outcome().run().inUse().scans(), err);
                scansShown = true;
            }
            String state = interrupted ? ExitStatus.reached(t.outcome()) : null;
            if (state != null) {
                reached.computeIfAbsent(state, k -> new ArrayList<>())
                        .add(t.outcome().run().source());
                if (t.outcome().ending() == Outcome.Ending.INTERRUPTED) {
                    cause = t.outcome().cancellation().cause();
                }
            }
            reports.add(new FleetReport.TargetReport(
                    t.outcome().run().source(),
                    target.profile(),
                    roleArn,
                    target.region(),
                    t.exitCode().code(),
                    state,
                    null,
                    Reporting.of(t.outcome())));
        }
        if (interrupted) {
            // Which targets a second run has left to finish, and which it need not touch.
            List<String> parts = new ArrayList<>();
            for (String state : List.of("done", "interrupted", "left")) {
                List<String> in = reached.getOrDefault(state, List.of());
                if (!in.isEmpty()) {
                    parts.add(state + " in " + String.join(", ", in));
                }
            }
            err.println(Text.safe("ecrsweep: interrupted by " + cause + ": " + String.join("; ", parts)
                    + "; run the same command again to finish"));
            err.flush();
        }
        int code = result.exitCode().code();
        FleetReport built = FleetReport.of(request.command(), request.guards().dryRun(), code, reports)
                .withRunId(runId);
        FleetReport report = planOut != null && request.guards().dryRun() ? writePlan(built, planOut) : built;
        output.print(out, (f, w) -> report.write(f, w, w == out ? output.width(context) : 0));
        handOn(
                context,
                report.targets().stream().map(FleetReport.TargetReport::report).toList(),
                result.targets().stream().map(ChangeRunner.TargetRun::target).toList(),
                true,
                request.guards().dryRun(),
                () -> io.github.ecrsweep.report.Notice.of(report),
                err);
        return code;
    }

    /**
     * The person at the terminal: each target's plan (as a table, when the output is one) before its question,
     * and one answer for all of them.
     */
    private Confirmation confirmation(Context context, PrintWriter out, PrintWriter err) {
        return new Confirmation() {
            @Override
            public boolean personPresent() {
                return context.prompter().isInteractive();
            }

            @Override
            public boolean confirm(List<Question> questions) {
                return confirm(questions, List.of());
            }

            @Override
            public boolean confirm(List<Question> questions, List<String> notPlanned) {
                // A person reads the table before answering: on standard output when it is the table, else on the
                // terminal, since a document for machines (-o json > plan.json) is written once, at the end.
                for (Question q : questions) {
                    if (output.format() == Format.table) {
                        ReportWriter.write(Reporting.of(q.plan()), Format.table, out, output.width(context));
                    } else {
                        java.io.StringWriter table = new java.io.StringWriter();
                        ReportWriter.write(Reporting.of(q.plan()), Format.table, new PrintWriter(table), 0);
                        context.prompter().show(table.toString());
                    }
                }
                if (questions.size() == 1 && questions.get(0).target() == null) {
                    return context.prompter().confirm(questions.get(0).text());
                }
                questions.forEach(q -> err.println(Text.safe("  " + q.text())));
                // What failed to plan is done nowhere, whatever the answer: the person knows before answering.
                notPlanned.forEach(
                        t -> err.println(Text.safe("  " + t + " (not planned: nothing will be done there)")));
                err.flush();
                return context.prompter()
                        .confirm("Do all of the above, in " + Units.count(questions.size(), "target", "targets") + "?");
            }
        };
    }

    /** Writes the plan of every target, as the fleet's JSON document, where --out says; the report names its hash. */
    private static FleetReport writePlan(FleetReport report, Path file) {
        byte[] bytes = (ReportWriter.json(report) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        SafeFiles.write(file, bytes, "the plan", true);
        return report.withPlanFile(new Report.PlanFile(file.toString(), InputFile.sha256(bytes)));
    }

    /** Writes the plan, as the JSON document every report is, where --out says; the report names it and its hash. */
    private static Report writePlan(Report report, Path file) {
        byte[] bytes = (ReportWriter.json(report) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        SafeFiles.write(file, bytes, "the plan", true);
        return report.withPlanFile(new Report.PlanFile(file.toString(), InputFile.sha256(bytes)));
    }

    /**
     * A run id: letters, digits and {@code . _ : / -}, up to 128; a name in capitals and underscores is an
     * environment variable that must hold one (so that a variable left unset is an error, not an id that every
     * run would share).
     */
    static final class RunId implements ITypeConverter<String> {

        private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
        private static final java.util.regex.Pattern VARIABLE =
                java.util.regex.Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");

        private final java.util.function.UnaryOperator<String> environment;

        RunId() {
            this(System::getenv);
        }

        RunId(java.util.function.UnaryOperator<String> environment) {
            this.environment = environment;
        }

        @Override
        public String convert(String value) {
            String id = value.trim();
            if (VARIABLE.matcher(id).matches()) {
                String held = environment.apply(id);
                if (held == null || held.isBlank()) {
                    throw new TypeConversionException("the environment variable " + id + " is not set");
                }
                id = held.trim();
                String index = environment.apply("AWS_BATCH_JOB_ARRAY_INDEX");
                if (value.trim().equals("AWS_BATCH_JOB_ID") && index != null && id.endsWith(":" + index.trim())) {
                    id = id.substring(0, id.length() - index.trim().length() - 1);
                }
            }
            if (!ID.matcher(id).matches()) {
                throw new TypeConversionException(
                        "'" + Text.safe(id) + "' is not a run id: up to 128 letters, digits and . _ : / -");
            }
            return id;
        }
    }
}
