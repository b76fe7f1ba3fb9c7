package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * What a run tells the people and systems it notifies ({@code --notify}): a one-line subject, the report's
 * Markdown report, and the event an EventBridge bus receives ({@link Event}, in
 * docs/notify-event.schema.json), with whether the run changed something and whether it failed.
 *
 * @param subject  one line: the command, where, what it did, the exit status
 * @param markdown the report as Markdown, its image rows included (a target cuts it to its size and says so)
 * @param event    the run's summary, for an event bus
 * @param changed  whether the run changed, or as a dry run would change, anything
 * @param failed   whether its exit status is not 0
 */
public record Notice(String subject, String markdown, Event event, boolean changed, boolean failed) {

    /** The source of every event ecrsweep puts on a bus. */
    public static final String SOURCE = "ecrsweep";
    /** The detail-type of a run's event. */
    public static final String DETAIL_TYPE = "ecrsweep run";

    /**
     * The detail of the event a run puts on an EventBridge bus.
     *
     * @param command   the command
     * @param dryRun    whether nothing was changed on purpose
     * @param exitCode  the run's exit status
     * @param runId     --run-id, when given
     * @param targets   each account and region the run covered, with what it did there
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"schemaVersion", "command", "dryRun", "exitCode", "runId", "targets"})
    public record Event(
            int schemaVersion, String command, boolean dryRun, int exitCode, String runId, List<Target> targets) {}

    /**
     * One target of the run.
     *
     * @param error why it was not planned, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"account", "region", "exitCode", "error", "summary"})
    public record Target(String account, String region, int exitCode, String error, Report.Summary summary) {}

    /** The notice of a run of one target. */
    public static Notice of(Report report, int exitCode) {
        StringWriter markdown = new StringWriter();
        // The images themselves: "which images were removed" is what a notification is read for.
        ReportWriter.write(report, Format.markdown, new PrintWriter(markdown), 0, true);
        Event event = new Event(
                1,
                report.command().code(),
                report.dryRun(),
                exitCode,
                report.runId(),
                List.of(new Target(report.account(), report.region(), exitCode, null, report.summary())));
        return new Notice(
                subject(report.command().code(), report.source(), report.dryRun(), report.summary(), exitCode),
                markdown.toString(),
                event,
                changes(report.summary()),
                exitCode != 0);
    }

    /** The notice of a run of several targets. */
    public static Notice of(FleetReport report) {
        StringWriter markdown = new StringWriter();
        report.write(Format.markdown, new PrintWriter(markdown), 0);
        List<Target> targets = report.targets().stream()
                .map(t -> t.report() == null
                        ? new Target(null, t.region(), t.exitCode(), t.error(), null)
                        : new Target(
                                t.report().account(),
                                t.report().region(),
                                t.exitCode(),
                                t.error(),
                                t.report().summary()))
                .toList();
        Event event =
                new Event(1, report.command().code(), report.dryRun(), report.exitCode(), report.runId(), targets);
        Report.Summary totals = report.summary().totals();
        return new Notice(
                subject(
                        report.command().code(),
                        Units.count(report.summary().targets(), "target", "targets"),
                        report.dryRun(),
                        totals,
                        report.exitCode()),
                markdown.toString(),
                event,
                changes(totals),
                report.exitCode() != 0);
    }

    private static boolean changes(Report.Summary s) {
        return s != null && s.changingRepositories() > 0;
    }

    private static String subject(String command, String where, boolean dryRun, Report.Summary s, int exitCode) {
        String did;
        if (s == null) {
            did = "nothing planned";
        } else if (dryRun) {
            did = s.changingRepositories() == 0
                    ? "nothing to change"
                    : "would change " + Units.count(s.changingRepositories(), "repository", "repositories");
        } else {
            did = s.deleted() == null && s.changingRepositories() > 0
                    ? "changed " + Units.count(s.changingRepositories(), "repository", "repositories")
                    : "deleted " + Units.count(s.deleted() == null ? 0 : s.deleted(), "image", "images");
        }
        return Text.safe("ecrsweep " + command + " in " + where + ": " + did + (dryRun ? " (dry run)" : "")
                + (exitCode == 0 ? "" : ", exit " + exitCode));
    }
}
