package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the audit trail ({@code --audit-log}, docs/audit.schema.json): an image or a lifecycle policy a run
 * changed, as the run found it, with who changed it.
 *
 * @param time        when the run's report was made (its evaluation time)
 * @param action      {@code delete}, {@code expire}, {@code archive}, {@code untag}, {@code put-policy},
 *                    {@code delete-policy}
 * @param result      what came of it: {@code deleted}, {@code deleted-with-new-tags}, {@code archived},
 *                    {@code untagged}, {@code failed} (an untag that removed some of its tags only), {@code created},
 *                    {@code updated}, {@code policy-deleted}
 * @param removedTags for an untag: the tags ECR confirmed removed from the image; else null
 * @param imageTags   the image's tags when it was planned (empty: untagged); null for a policy
 * @param planSha256  the SHA-256 of the reviewed plan applied, or of the plan written, when there is one
 * @param caller      the ARN STS gave for the run's credentials in that account; null when STS could not say
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "schemaVersion",
    "time",
    "command",
    "runId",
    "account",
    "region",
    "repository",
    "imageDigest",
    "imageTags",
    "action",
    "result",
    "removedTags",
    "planSha256",
    "caller"
})
public record AuditLine(
        int schemaVersion,
        String time,
        String command,
        String runId,
        String account,
        String region,
        String repository,
        String imageDigest,
        List<String> imageTags,
        String action,
        String result,
        List<String> removedTags,
        String planSha256,
        String caller) {

    /** This line with the plan it carried out and the caller's identity. */
    public AuditLine signed(String plan, String callerArn) {
        return new AuditLine(
                schemaVersion,
                time,
                command,
                runId,
                account,
                region,
                repository,
                imageDigest,
                imageTags,
                action,
                result,
                removedTags,
                plan,
                callerArn);
    }

    /** The changes a report records: each image it deleted or archived, each policy it put or deleted. */
    public static List<AuditLine> of(Report report, String caller) {
        List<AuditLine> lines = new ArrayList<>();
        if (report.dryRun() || report.stage() != Stage.RESULT) {
            return lines;
        }
        String plan = report.planFile() == null ? null : report.planFile().sha256();
        for (Report.RepositoryReport r : report.repositories()) {
            if (r.lifecyclePolicy() != null && r.lifecyclePolicy().status().changedPolicy()) {
                RepositoryStatus status = r.lifecyclePolicy().status();
                lines.add(line(
                        report,
                        r,
                        null,
                        null,
                        status == RepositoryStatus.POLICY_DELETED ? "delete-policy" : "put-policy",
                        status.code(),
                        null,
                        plan,
                        caller));
            }
            if (r.status() == RepositoryStatus.REPOSITORY_DELETED) {
                lines.add(line(
                        report, r, null, null, "delete-repository", r.status().code(), null, plan, caller));
            }
            for (Report.ImageReport i : r.images()) {
                if (i.changedRegistry()) {
                    lines.add(line(
                            report,
                            r,
                            i.imageDigest(),
                            i.imageTags() == null ? List.of() : i.imageTags(),
                            "transition".equals(i.action()) ? "archive" : i.action(),
                            i.result(),
                            i.untag() == null ? null : i.deletedTags() == null ? List.of() : i.deletedTags(),
                            plan,
                            caller));
                }
            }
        }
        return lines;
    }

    private static AuditLine line(
            Report report,
            Report.RepositoryReport r,
            String digest,
            List<String> tags,
            String action,
            String result,
            List<String> removedTags,
            String plan,
            String caller) {
        return new AuditLine(
                1,
                report.evaluatedAt(),
                report.command().code(),
                report.runId(),
                report.account(),
                report.region(),
                r.repositoryName(),
                digest,
                tags,
                action,
                result,
                removedTags,
                plan,
                caller);
    }
}
