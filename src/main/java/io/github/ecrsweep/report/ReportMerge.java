package io.github.ecrsweep.report;

import io.github.ecrsweep.registry.SkipReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * {@code report merge}: the reports of the shards of one run ({@code --shard I/N}), or of runs over disjoint
 * repositories, as the one report a single run would have written: the repositories of all, the totals
 * added up, and the exit status that run would have had. Reports of different commands, stages, accounts or
 * regions, overlapping repositories and shards given twice are refused; missing shards are said.
 */
public final class ReportMerge {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportMerge() {}

    /** Whether a JSON text is a fleet report (several targets) rather than one target's report. */
    public static boolean isFleet(String text) {
        try {
            return FleetReport.KIND.equals(JSON.readTree(text).path("kind").asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    /** A fleet report from its JSON text; a usage error when the text is not one. */
    public static FleetReport readFleet(String name, String text) {
        try {
            return JSON.readValue(text, FleetReport.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError(
                    ExitCode.USAGE,
                    "'" + name + "' is not an ecrsweep fleet report: "
                            + e.getOriginalMessage().lines().findFirst().orElse("invalid JSON"),
                    e);
        }
    }

    /** A fleet report and the name of its file. */
    public record FleetInput(String name, FleetReport report) {}

    /**
     * The shards of one run over several targets, target by target: each target's reports merged as
     * {@link #merge} does, a target that failed in any shard failed; the missing shards of every target said.
     */
    public static Merged mergeFleets(List<FleetInput> inputs, boolean detailed) {
        FleetReport first = inputs.get(0).report();
        Map<String, List<Input>> byTarget = new LinkedHashMap<>();
        Map<String, List<String>> failed = new LinkedHashMap<>();
        Map<String, FleetReport.TargetReport> any = new LinkedHashMap<>();
        List<RunOf> runs = new ArrayList<>();
        for (FleetInput in : inputs) {
            if (first.command() != in.report().command()) {
                throw refused(inputs.get(0).name() + " and " + in.name() + " are of different runs: command '"
                        + first.command() + "' and '" + in.report().command() + "'");
            }
            runs.add(new RunOf(in.name(), in.report().runId(), evaluatedAt(in.report())));
            for (FleetReport.TargetReport t : in.report().targets()) {
                any.putIfAbsent(t.target(), t);
                if (t.report() == null) {
                    failed.computeIfAbsent(t.target(), k -> new ArrayList<>()).add(in.name() + ": " + t.error());
                } else {
                    byTarget.computeIfAbsent(t.target(), k -> new ArrayList<>())
                            .add(new Input(in.name() + " (" + t.target() + ")", t.report()));
                }
            }
        }
        oneRun(runs);
        List<FleetReport.TargetReport> targets = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, FleetReport.TargetReport> e : any.entrySet()) {
            FleetReport.TargetReport seen = e.getValue();
            List<String> failures = failed.getOrDefault(e.getKey(), List.of());
            List<Input> reports = byTarget.get(e.getKey());
            if (reports == null) {
                targets.add(seen);
                continue;
            }
            Merged merged = merge(reports);
            // A shard in which the target failed is not missing: it failed, and says why.
            List<String> gaps = merged.missingShards();
            gaps.stream().skip(failures.size()).forEach(s -> missing.add(s + " of " + e.getKey()));
            int code = exitCode(merged.report(), detailed).code();
            if (!failures.isEmpty()) {
                // What the other shards did in the target stays in the report: the target is partial, never clean.
                code = changed(merged.report()) ? ExitCode.PARTIAL.code() : ExitCode.FAILED.code();
            }
            targets.add(new FleetReport.TargetReport(
                    seen.target(),
                    seen.profile(),
                    seen.roleArn(),
                    seen.region(),
                    code,
                    failures.isEmpty() ? null : "failed in " + String.join("; ", failures),
                    merged.report()));
        }
        int code = FleetReport.exitCode(
                targets.stream().map(FleetReport.TargetReport::exitCode).toList());
        FleetReport fleet =
                FleetReport.of(first.command(), first.dryRun(), code, targets).withRunId(first.runId());
        return new Merged(null, missing, fleet);
    }

    /** The earliest evaluation of a fleet report's targets, or null when no target has a report. */
    private static java.time.Instant evaluatedAt(FleetReport report) {
        return report.targets().stream()
                .map(FleetReport.TargetReport::report)
                .filter(Objects::nonNull)
                .map(r -> java.time.Instant.parse(r.evaluatedAt()))
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    /** Whether a report tells of something done: an image deleted or archived, a policy put or deleted. */
    private static boolean changed(Report report) {
        for (Report.RepositoryReport r : report.repositories()) {
            if (r.status().changedPolicy()) {
                return true;
            }
            for (Report.ImageReport i : r.images() == null ? List.<Report.ImageReport>of() : r.images()) {
                if (i.changedRegistry()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How far apart shards without a run id may have been evaluated and still count as one run. */
    static final java.time.Duration UNNAMED_RUN_SPREAD = java.time.Duration.ofMinutes(15);

    /** One input's run: its id (--run-id) and when it was evaluated. */
    private record RunOf(String name, String runId, java.time.Instant evaluatedAt) {}

    /**
     * Refuses inputs of different runs: different run ids, some with one and some without, or, where none has
     * one, evaluations further apart than {@link #UNNAMED_RUN_SPREAD}.
     */
    private static void oneRun(List<RunOf> runs) {
        RunOf first = runs.get(0);
        for (RunOf r : runs) {
            if (!Objects.equals(r.runId(), first.runId())) {
                throw refused(first.name() + " and " + r.name() + " are of different runs: run id "
                        + quoted(first.runId()) + " and " + quoted(r.runId()));
            }
        }
        if (first.runId() != null) {
            return;
        }
        List<RunOf> timed = runs.stream().filter(r -> r.evaluatedAt() != null).toList();
        if (timed.size() < 2) {
            return;
        }
        RunOf earliest =
                timed.stream().min(Comparator.comparing(RunOf::evaluatedAt)).orElseThrow();
        RunOf latest =
                timed.stream().max(Comparator.comparing(RunOf::evaluatedAt)).orElseThrow();
        java.time.Duration apart = java.time.Duration.between(earliest.evaluatedAt(), latest.evaluatedAt());
        if (apart.compareTo(UNNAMED_RUN_SPREAD) > 0) {
            throw refused(earliest.name() + " and " + latest.name() + " were evaluated " + apart.toMinutes()
                    + " minutes apart, more than " + UNNAMED_RUN_SPREAD.toMinutes() + ", and carry no run id: they"
                    + " may be of different runs; give every shard of a run the same --run-id");
        }
    }

    private static String quoted(String runId) {
        return runId == null ? "(none)" : "'" + runId + "'";
    }

    /** A report from its JSON text (-o json, --report, --out); a usage error when the text is not one. */
    public static Report read(String name, String text) {
        try {
            Report report = JSON.readValue(text, Report.class);
            if (report.schemaVersion() != Report.SCHEMA_VERSION
                    || report.repositories() == null
                    || report.summary() == null) {
                throw new UserError(
                        ExitCode.USAGE,
                        "'" + name + "' is not an ecrsweep report of schemaVersion " + Report.SCHEMA_VERSION);
            }
            return report;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError(
                    ExitCode.USAGE,
                    "'" + name + "' is not an ecrsweep report (-o json of a changing command): "
                            + e.getOriginalMessage().lines().findFirst().orElse("invalid JSON"),
                    e);
        }
    }

    /** A report and the name of its file, for messages. */
    public record Input(String name, Report report) {}

    /**
     * The merged report.
     *
     * @param missingShards the shards of N no input holds (empty when complete, or without shards)
     * @param fleet         the merged fleet report, when the inputs are fleet reports (then {@code report} is null)
     */
    public record Merged(Report report, List<String> missingShards, FleetReport fleet) {

        public Merged(Report report, List<String> missingShards) {
            this(report, missingShards, null);
        }
    }

    public static Merged merge(List<Input> inputs) {
        Report first = inputs.get(0).report();
        for (Input in : inputs) {
            Report r = in.report();
            same(inputs.get(0), in, "command", Report::command);
            same(inputs.get(0), in, "stage", Report::stage);
            same(inputs.get(0), in, "account", Report::account);
            same(inputs.get(0), in, "region", Report::region);
            if (!Objects.equals(r.options(), first.options())) {
                throw refused(inputs.get(0).name() + " and " + in.name()
                        + " are of different runs: they were planned with different options (selection, policy,"
                        + " rules or ages)");
            }
            if (!Objects.equals(r.maxDelete(), first.maxDelete())) {
                throw refused(inputs.get(0).name() + " and " + in.name() + " were run with different --max-delete");
            }
            if (r.dryRun() != first.dryRun()) {
                throw refused(inputs.get(0).name() + " and " + in.name() + " differ: one is a dry run, the other not");
            }
        }
        List<String> missing = shards(inputs);
        oneRun(inputs.stream()
                .map(in -> new RunOf(
                        in.name(),
                        in.report().runId(),
                        java.time.Instant.parse(in.report().evaluatedAt())))
                .toList());

        Map<String, String> owner = new HashMap<>();
        List<Report.RepositoryReport> repositories = new ArrayList<>();
        for (Input in : inputs) {
            for (Report.RepositoryReport r : in.report().repositories()) {
                String before = owner.putIfAbsent(r.repositoryName(), in.name());
                if (before != null) {
                    throw refused("repository '" + r.repositoryName() + "' is in both " + before + " and " + in.name()
                            + ": the reports overlap, so their totals would count it twice");
                }
                repositories.add(r);
            }
        }
        repositories.sort(Comparator.comparing(Report.RepositoryReport::repositoryName));

        List<String> refusals = new ArrayList<>();
        for (Input in : inputs) {
            if (in.report().refused() != null) {
                refusals.add(in.name() + ": " + in.report().refused().reason());
            }
        }
        Set<String> sources = new LinkedHashSet<>();
        inputs.forEach(in -> sources.add(in.report().source()));
        Report.Summary summary =
                summary(inputs.stream().map(in -> in.report().summary()).toList());
        int removals = summary.delete() + summary.expire();
        // Each shard's brake held for its part; the whole plan is refused as one run would refuse it.
        if (refusals.isEmpty()
                && first.stage() == Stage.PLAN
                && first.maxDelete() != null
                && removals > first.maxDelete()) {
            refusals.add(
                    "the plan deletes or expires " + removals + " images, more than --max-delete " + first.maxDelete());
        }
        String evaluatedAt = inputs.stream()
                .map(in -> in.report().evaluatedAt())
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Report merged = new Report(
                Report.SCHEMA_VERSION,
                first.command(),
                first.stage(),
                first.dryRun(),
                first.account(),
                first.region(),
                evaluatedAt,
                String.join("; ", sources),
                first.endpoint(),
                first.runId(),
                null,
                first.maxDelete(),
                refusals.isEmpty() ? null : new Report.Refusal(String.join("; ", refusals)),
                first.options(),
                inUse(inputs),
                null,
                List.copyOf(repositories),
                summary);
        return new Merged(merged, missing);
    }

    private static void same(Input a, Input b, String field, java.util.function.Function<Report, ?> value) {
        if (!Objects.equals(value.apply(a.report()), value.apply(b.report()))) {
            throw refused(a.name() + " and " + b.name() + " are of different runs: " + field + " '"
                    + value.apply(a.report()) + "' and '" + value.apply(b.report()) + "'");
        }
    }

    /** The shards of N no input holds; refuses shards of different N, a shard twice, a mix with unsharded runs. */
    private static List<String> shards(List<Input> inputs) {
        Map<Integer, String> seen = new HashMap<>();
        Integer count = null;
        for (Input in : inputs) {
            Report.ShardOf s = in.report().shard();
            if (s == null) {
                if (count != null || !seen.isEmpty()) {
                    throw refused(in.name() + " is not a shard, but other reports are");
                }
                continue;
            }
            if (count == null && inputs.indexOf(in) > 0) {
                throw refused(in.name() + " is a shard, but " + inputs.get(0).name() + " is not");
            }
            if (count != null && count != s.count()) {
                throw refused(in.name() + " is shard " + s.index() + "/" + s.count() + ", the others of " + count);
            }
            count = s.count();
            String before = seen.putIfAbsent(s.index(), in.name());
            if (before != null) {
                throw refused(
                        "shard " + s.index() + "/" + s.count() + " is given twice: " + before + " and " + in.name());
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; count != null && i < count; i++) {
            if (!seen.containsKey(i)) {
                missing.add(i + "/" + count);
            }
        }
        return missing;
    }

    /** Each in-use source once: the most references any shard saw, the calls of all. */
    private static Report.InUseSources inUse(List<Input> inputs) {
        Map<String, Report.SourceScan> bySource = new LinkedHashMap<>();
        String window = null;
        boolean any = false;
        for (Input in : inputs) {
            Report.InUseSources u = in.report().inUse();
            if (u == null) {
                continue;
            }
            any = true;
            window = window == null ? u.keepPulledWithin() : window;
            for (Report.SourceScan s : u.sources()) {
                bySource.merge(s.source(), s, (a, b) -> {
                    Map<String, Long> calls = new java.util.TreeMap<>();
                    if (a.calls() != null) {
                        calls.putAll(a.calls());
                    }
                    if (b.calls() != null) {
                        b.calls().forEach((k, v) -> calls.merge(k, v, Long::sum));
                    }
                    return new Report.SourceScan(
                            a.source(),
                            a.kind(),
                            a.file(),
                            Objects.equals(a.sha256(), b.sha256()) ? a.sha256() : null,
                            a.within(),
                            a.revisions(),
                            a.account(),
                            a.region(),
                            a.optional(),
                            Math.max(a.references(), b.references()),
                            a.unresolved() == null ? b.unresolved() : a.unresolved(),
                            a.calls() == null && b.calls() == null ? null : calls,
                            Math.max(a.millis(), b.millis()),
                            a.failure() != null ? a.failure() : b.failure());
                });
            }
        }
        return any ? new Report.InUseSources(List.copyOf(bySource.values()), window) : null;
    }

    /** The totals of several reports' summaries, as one report would count them. */
    static Report.Summary summary(List<Report.Summary> all) {
        long bytes = all.stream().mapToLong(Report.Summary::bytes).sum();
        Map<String, Integer> counted = new LinkedHashMap<>();
        all.stream()
                .filter(s -> s.policies() != null)
                .forEach(s -> s.policies().forEach((k, v) -> counted.merge(k, v, Integer::sum)));
        Map<String, Integer> policies = all.stream().anyMatch(s -> s.policies() != null) ? counted : null;
        return new Report.Summary(
                sum(all, Report.Summary::repositories),
                sum(all, Report.Summary::changingRepositories),
                sum(all, Report.Summary::failedRepositories),
                sum(all, Report.Summary::delete),
                sum(all, Report.Summary::expire),
                sum(all, Report.Summary::transition),
                sum(all, Report.Summary::keep),
                bytes,
                all.stream().mapToLong(Report.Summary::transitionBytes).sum(),
                Math.round(Units.monthlyUsd(bytes) * 100) / 100.0,
                policies,
                sumOrNull(all, Report.Summary::deleted),
                sumOrNull(all, Report.Summary::deletedWithNewTags),
                sumOrNull(all, Report.Summary::archived),
                sumOrNull(all, Report.Summary::protectedByIndex),
                sumOrNull(all, Report.Summary::skipped),
                sumOrNull(all, Report.Summary::failed),
                sumOrNull(all, Report.Summary::notAttempted),
                sumOrNull(all, Report.Summary::keptInUse),
                sumOrNull(all, Report.Summary::inUseActions));
    }

    private static int sum(List<Report.Summary> all, ToIntFunction<Report.Summary> field) {
        return all.stream().mapToInt(field).sum();
    }

    /** The sum of a count only some reports have (after a real run, with in-use sources); null when none has it. */
    private static Integer sumOrNull(List<Report.Summary> all, java.util.function.Function<Report.Summary, Integer> f) {
        List<Integer> present = all.stream().map(f).filter(Objects::nonNull).toList();
        return present.isEmpty()
                ? null
                : present.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The exit status of the run a report tells of, as the command itself gives it: 1 when refused or when
     * something failed and nothing was changed, 3 when some was changed and some failed, 0 otherwise; with
     * {@code detailed}, 4 for a dry run whose plan changes something.
     */
    public static ExitCode exitCode(Report report, boolean detailed) {
        if (report.refused() != null) {
            return ExitCode.FAILED;
        }
        boolean failed = false;
        boolean applied = false;
        for (Report.RepositoryReport r : report.repositories()) {
            failed |= r.status().isFailure();
            applied |= r.status().changedPolicy();
            for (Report.ImageReport i : r.images() == null ? List.<Report.ImageReport>of() : r.images()) {
                String result = i.result();
                applied |= i.changedRegistry();
                failed |= "failed".equals(result)
                        || "not-attempted".equals(result)
                        || "skipped".equals(result)
                                && (i.skipped() == null || i.skipped().reason() != SkipReason.GONE_SINCE_PLAN)
                        || i.deletedTags() != null && !i.deletedTags().isEmpty();
            }
        }
        ExitCode code = !failed ? ExitCode.OK : applied ? ExitCode.PARTIAL : ExitCode.FAILED;
        if (detailed
                && code == ExitCode.OK
                && report.dryRun()
                && report.summary().changingRepositories() > 0) {
            return ExitCode.CHANGES;
        }
        return code;
    }

    private static UserError refused(String message) {
        return new UserError(ExitCode.USAGE, "cannot merge: " + message);
    }
}
