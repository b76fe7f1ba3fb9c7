package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * What a changing command did in several targets (accounts × regions) in one run: each target's own report
 * (exactly the report a run in that target alone writes), or why the target could not be reached, its exit
 * status, and the totals of all. Its JSON document is specified in {@code docs/fleet-report.schema.json}.
 *
 * @param stage {@code plan} or {@code result}, as every report's
 * @param runId the run (--run-id), as each target's report has it; absent when not given
 * @param planFile where a dry run wrote its fleet plan (--out) and its SHA-256; only in the report printed
 */
@JsonPropertyOrder({
    "schemaVersion",
    "kind",
    "command",
    "stage",
    "dryRun",
    "runId",
    "exitCode",
    "planFile",
    "targets",
    "summary"
})
public record FleetReport(
        int schemaVersion,
        String kind,
        CommandName command,
        Stage stage,
        boolean dryRun,
        @JsonInclude(JsonInclude.Include.NON_NULL) String runId,
        int exitCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) Report.PlanFile planFile,
        List<TargetReport> targets,
        Summary summary) {

    public static final String KIND = "ecrsweep-fleet-report";

    /** A target's name: who ({@code account 1111}, {@code profile p}) and, in parentheses, its region. */
    private static final java.util.regex.Pattern TARGET = java.util.regex.Pattern.compile("(.+) \\(([a-z0-9-]+)\\)");

    public FleetReport {
        targets = List.copyOf(targets);
    }

    /**
     * One target.
     *
     * @param target   how the run names it: {@code account 123456789012 (eu-west-1)}, with the profile or role
     * @param exitCode the exit status a run in this target alone would have had
     * @param reached  when a signal stopped the run: {@code done}, {@code interrupted} (some done, some not) or
     *                 {@code left} (nothing done); absent otherwise
     * @param error    why the target could not be planned or acted on (no role, region disabled), or null
     * @param report   the target's report, or null when it failed before planning
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"target", "profile", "roleArn", "region", "exitCode", "reached", "error", "report"})
    public record TargetReport(
            String target,
            String profile,
            String roleArn,
            String region,
            int exitCode,
            String reached,
            String error,
            Report report) {

        public TargetReport(
                String target,
                String profile,
                String roleArn,
                String region,
                int exitCode,
                String error,
                Report report) {
            this(target, profile, roleArn, region, exitCode, null, error, report);
        }
    }

    /**
     * The totals.
     *
     * @param targets       how many targets the run had
     * @param failedTargets how many of them failed (exit status 1, 2 or 3)
     * @param totals        the totals of every target's report, as one report counts them
     */
    public record Summary(int targets, int failedTargets, Report.Summary totals) {}

    /** The same report, with each target's, part of the run {@code id}. */
    public FleetReport withRunId(String id) {
        List<TargetReport> marked = targets.stream()
                .map(t -> t.report() == null
                        ? t
                        : new TargetReport(
                                t.target(),
                                t.profile(),
                                t.roleArn(),
                                t.region(),
                                t.exitCode(),
                                t.reached(),
                                t.error(),
                                t.report().withRunId(id)))
                .toList();
        return new FleetReport(schemaVersion, kind, command, stage, dryRun, id, exitCode, planFile, marked, summary);
    }

    /** The same report, naming the plan file written from it. */
    public FleetReport withPlanFile(Report.PlanFile file) {
        return new FleetReport(schemaVersion, kind, command, stage, dryRun, runId, exitCode, file, targets, summary);
    }

    /** The fleet's report, its totals counted from the targets' reports. */
    public static FleetReport of(CommandName command, boolean dryRun, int exitCode, List<TargetReport> targets) {
        List<Report> reports = targets.stream()
                .map(TargetReport::report)
                .filter(Objects::nonNull)
                .toList();
        Stage stage = reports.stream().anyMatch(r -> r.stage() == Stage.RESULT) ? Stage.RESULT : Stage.PLAN;
        int failed = (int) targets.stream()
                .filter(t -> t.exitCode() == 1 || t.exitCode() == 2 || t.exitCode() == 3)
                .count();
        return new FleetReport(
                Report.SCHEMA_VERSION,
                KIND,
                command,
                stage,
                dryRun,
                null,
                exitCode,
                null,
                targets,
                new Summary(
                        targets.size(),
                        failed,
                        reports.isEmpty()
                                ? null
                                : ReportMerge.summary(
                                        reports.stream().map(Report::summary).toList())));
    }

    /**
     * The run's exit status from its targets': a signal's if any was stopped; else 0 (or 4, a plan that changes
     * something) when every target is fine, 3 when some failed and others are fine, and when all failed
     * their common status, or 1.
     */
    public static int exitCode(List<Integer> codes) {
        for (int c : codes) {
            if (c >= 128) {
                return c;
            }
        }
        List<Integer> failed = codes.stream().filter(c -> c >= 1 && c <= 3).toList();
        if (failed.isEmpty()) {
            return codes.contains(io.github.ecrsweep.report.ExitCode.CHANGES.code())
                    ? io.github.ecrsweep.report.ExitCode.CHANGES.code()
                    : io.github.ecrsweep.report.ExitCode.OK.code();
        }
        if (failed.size() < codes.size()) {
            return io.github.ecrsweep.report.ExitCode.PARTIAL.code();
        }
        return failed.stream().distinct().count() == 1
                ? failed.get(0)
                : io.github.ecrsweep.report.ExitCode.FAILED.code();
    }

    /** Each target as a report of its own (the table and Markdown headers name its account and region), then the totals. */
    public void write(Format format, PrintWriter out, int width) {
        switch (format) {
            case json -> out.println(ReportWriter.json(this));
            case csv ->
                ReportWriter.csv(
                        targets.stream()
                                .map(TargetReport::report)
                                .filter(Objects::nonNull)
                                .toList(),
                        out);
            default -> {
                for (TargetReport t : targets) {
                    if (t.report() != null) {
                        ReportWriter.write(t.report(), format, out, width);
                    } else if (format == Format.markdown) {
                        out.println("### " + Text.safe(t.target() + ": failed: " + t.error()));
                    } else {
                        Text.println(out, t.target() + ": failed: " + t.error(), width, "  ");
                    }
                    out.println();
                }
                Text.println(out, line(), format == Format.markdown ? 0 : width, "  ");
                if (planFile != null) {
                    Text.println(
                            out,
                            "Plan written to " + planFile.file() + ", SHA-256 " + planFile.sha256()
                                    + ": 'ecrsweep apply "
                                    + planFile.file() + " --expect-sha256 " + planFile.sha256()
                                    + "' applies exactly these bytes, in every target (with --shard I/N, the part of"
                                    + " one worker).",
                            format == Format.markdown ? 0 : width,
                            "  ");
                }
            }
        }
        out.flush();
    }

    /** The fleet in one line: how many targets, how many failed and which. */
    String line() {
        StringBuilder s = new StringBuilder(
                "Targets: " + summary.targets() + ", " + (summary.targets() - summary.failedTargets()) + " fine");
        if (summary.failedTargets() > 0) {
            s.append(", ").append(summary.failedTargets()).append(" failed (");
            // The targets of one account that failed alike (a role never deployed there) are said once.
            java.util.Map<String, List<String>> alike = new java.util.LinkedHashMap<>();
            for (TargetReport t : targets) {
                if (t.exitCode() == 1 || t.exitCode() == 2 || t.exitCode() == 3) {
                    java.util.regex.Matcher m = TARGET.matcher(t.target());
                    String who = m.matches() ? m.group(1) : t.target();
                    String region = m.matches() ? m.group(2) : null;
                    String key = who + "\n" + (t.error() == null ? "" : t.error());
                    alike.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(region);
                }
            }
            List<String> said = new java.util.ArrayList<>();
            alike.forEach((key, regions) -> {
                String[] parts = key.split("\n", 2);
                List<String> named = regions.stream().filter(Objects::nonNull).toList();
                said.add(parts[0]
                        + (named.isEmpty() ? "" : " (" + String.join(", ", named) + ")")
                        + (parts[1].isEmpty() ? "" : ": " + parts[1]));
            });
            s.append(String.join("; ", said));
            s.append(")");
        }
        if (summary.totals() != null) {
            Report.Summary t = summary.totals();
            s.append("; in all: ")
                    .append(t.repositories())
                    .append(" repositories, delete ")
                    .append(t.delete() + t.expire())
                    .append(", archive ")
                    .append(t.transition());
            if (t.deleted() != null) {
                s.append(", deleted ").append(t.deleted());
            }
        }
        s.append(".");
        if (dryRun && exitCode == ExitCode.PARTIAL.code()) {
            // A dry run changes nothing: its 3 says that the plan is of some targets only.
            s.append(" Exit 3: some targets were planned and some failed; a dry run changes nothing.");
        }
        return s.toString();
    }
}
