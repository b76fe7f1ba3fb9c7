package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.aws.AuditStore;
import io.github.ecrsweep.report.AuditLine;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.ReportWriter;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --audit-log DEST}: one JSON line per image or policy a run changed, with who changed it, appended to a
 * local file or written as one S3 object per run, when the run ends (an interrupted run included).
 */
public final class AuditOptions {

    private static final Pattern S3 = Pattern.compile("s3://([a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9])/(.*)");

    @Option(
            names = "--audit-log",
            paramLabel = "DEST",
            description = "Record every image and policy the run changes, one JSON line each (time, account, region,"
                    + " repository, digest, tags, action, the plan's SHA-256, the caller's ARN from STS;"
                    + " docs/audit.schema.json): appended to a file, or one object per run under an S3 prefix"
                    + " (s3://BUCKET/PREFIX/). Written when the run ends, an interrupted run included.")
    String destination;

    /** The plan's SHA-256 when the run applies a reviewed plan (apply), for every line. */
    String appliedPlanSha256;

    /** Refuses a destination that cannot be one, before anything runs. */
    void check() {
        if (destination == null) {
            return;
        }
        if (destination.startsWith("s3://")) {
            if (!S3.matcher(destination).matches()) {
                throw new UserError(
                        ExitCode.USAGE,
                        "--audit-log " + Text.safe(destination) + " is not s3://BUCKET/PREFIX/ (a bucket name, then a"
                                + " prefix)");
            }
            return;
        }
        SafeFiles.check(Path.of(destination), "the audit log");
    }

    /**
     * Writes the lines of the reports, each target's changes with the identity of its credentials. A failure is a
     * warning on {@code err}: the changes are done, and the report holds them.
     *
     * @param reports each target's report with the target it ran in
     */
    void write(List<io.github.ecrsweep.report.Report> reports, List<Target> targets, String runId, PrintWriter err) {
        if (destination == null) {
            return;
        }
        List<AuditLine> lines = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            io.github.ecrsweep.report.Report report = reports.get(i);
            if (report == null || report.dryRun()) {
                continue;
            }
            List<AuditLine> changed = AuditLine.of(report, null);
            if (changed.isEmpty()) {
                continue;
            }
            String caller = null;
            try {
                caller = AuditStore.callerArn(RegistryFactory.settings(targets.get(i)));
            } catch (RegistryException e) {
                err.println(Text.safe("ecrsweep: warning: the audit log names no caller for " + report.source()
                        + ": STS did not say who the credentials are (" + e.getMessage() + ")"));
            }
            for (AuditLine l : changed) {
                lines.add(l.signed(l.planSha256() != null ? l.planSha256() : appliedPlanSha256, caller));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(ReportWriter.compactJson(l)).append('\n'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Matcher s3 = S3.matcher(destination);
            if (s3.matches()) {
                String prefix = s3.group(2).isEmpty() || s3.group(2).endsWith("/") ? s3.group(2) : s3.group(2) + "/";
                String key = prefix + lines.get(0).time().replace(":", "") + "-"
                        + (runId == null ? java.util.UUID.randomUUID() : runId) + ".jsonl";
                AuditStore.put(RegistryFactory.ownSettings(targets.get(0)), s3.group(1), key, bytes);
            } else {
                Files.write(
                        Path.of(destination),
                        bytes,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            }
            err.println(Text.safe("Audit log: " + lines.size() + " changes recorded in " + destination + "."));
        } catch (IOException | RegistryException e) {
            err.println(Text.safe("ecrsweep: warning: the audit log " + destination + " was not written ("
                    + e.getMessage() + "); the " + lines.size() + " changes it should record are in the report"));
        }
        err.flush();
    }
}
