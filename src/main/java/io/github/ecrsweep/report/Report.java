package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The report of a changing command (delete-untagged, put-policy, apply-all): the output contract.
 * Every format (table, JSON, CSV, Markdown) is drawn from these records, and the JSON is these records
 * as they are, specified by {@code docs/report.schema.json}. Field names follow the ECR API's where one
 * exists.
 *
 * @param schemaVersion the version of this contract; a change that removes or renames a field raises it
 * @param stage         {@code plan} (a dry run, a plan before its question, a refused plan) or {@code result}
 * @param dryRun        true only for a dry run (--dry-run, a snapshot)
 * @param account       the account (registry id), or null when not known
 * @param region        the region, or null when not known (a snapshot that does not say)
 * @param source        where the images came from: an account and region, or snapshot files
 * @param endpoint      the ECR endpoint the calls went to, as the SDK resolved it; absent for snapshot files
 * @param runId         the run this report is part of (--run-id), so that {@code report merge} takes only the
 *                      shards of one run; absent when not given
 * @param refused       why the plan was (or, for a dry run, would be) refused; null when it was not
 * @param options       what the plan was computed from besides the registry (selection, the command's inputs):
 *                      {@code apply} checks every decision against it; absent in reports of older versions
 * @param inUse         the in-use sources read and what each found; absent when none was asked for
 * @param planFile      where a dry run wrote its plan (--out) and the SHA-256 of the bytes written, for
 *                      {@code apply --expect-sha256}; only in the report printed, never in the plan itself
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
    "schemaVersion",
    "command",
    "stage",
    "dryRun",
    "account",
    "region",
    "evaluatedAt",
    "source",
    "endpoint",
    "runId",
    "shard",
    "maxDelete",
    "refused",
    "options",
    "inUse",
    "planFile",
    "repositories",
    "summary"
})
public record Report(
        int schemaVersion,
        CommandName command,
        Stage stage,
        boolean dryRun,
        String account,
        String region,
        String evaluatedAt,
        String source,
        @JsonInclude(JsonInclude.Include.NON_NULL) String endpoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) String runId,
        @JsonInclude(JsonInclude.Include.NON_NULL) ShardOf shard,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxDelete,
        Refusal refused,
        @JsonInclude(JsonInclude.Include.NON_NULL) Options options,
        @JsonInclude(JsonInclude.Include.NON_NULL) InUseSources inUse,
        @JsonInclude(JsonInclude.Include.NON_NULL) PlanFile planFile,
        List<RepositoryReport> repositories,
        Summary summary) {

    public Report {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }

    /** The same report, naming the plan file written from it. */
    public Report withPlanFile(PlanFile file) {
        return new Report(
                schemaVersion,
                command,
                stage,
                dryRun,
                account,
                region,
                evaluatedAt,
                source,
                endpoint,
                runId,
                shard,
                maxDelete,
                refused,
                options,
                inUse,
                file,
                repositories,
                summary);
    }

    /** The same report, part of the run {@code id} (or of none, for null). */
    public Report withRunId(String id) {
        return new Report(
                schemaVersion,
                command,
                stage,
                dryRun,
                account,
                region,
                evaluatedAt,
                source,
                endpoint,
                id,
                shard,
                maxDelete,
                refused,
                options,
                inUse,
                planFile,
                repositories,
                summary);
    }

    /** A plan file written for review and {@code apply}: where, and the SHA-256 of its bytes. */
    @JsonPropertyOrder({"file", "sha256"})
    public record PlanFile(String file, String sha256) {}

    /**
     * What a plan was computed from besides the registry and the in-use sources.
     *
     * @param olderThan           delete-untagged --older-than, as an ISO-8601 duration; null for none
     * @param keep                delete-untagged --keep
     * @param orphanedSignatures  delete-untagged --orphaned-signatures
     * @param lifecyclePolicyText the policy of expire, put-policy or apply-all (one policy for all)
     * @param archive             expire: whether transitions are archived now (not --no-archive)
     * @param rulesFile           sweep: the rule file as named
     * @param rulesText           sweep: the rule file's text
     * @param untag               untag: the tags it removes and whether a last tag's image is deleted
     * @param restore             restore: the archived images it brings back
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({
        "selection",
        "olderThan",
        "keep",
        "orphanedSignatures",
        "lifecyclePolicyText",
        "archive",
        "rulesFile",
        "rulesText",
        "untag",
        "restore"
    })
    public record Options(
            SelectionOptions selection,
            String olderThan,
            Integer keep,
            Boolean orphanedSignatures,
            String lifecyclePolicyText,
            Boolean archive,
            String rulesFile,
            String rulesText,
            UntagOptions untag,
            RestoreOptions restore) {}

    /**
     * What restore brings back: archived images with a tag matching a glob of {@code tags} or a digest of
     * {@code digests} (any, with neither), pushed before {@code olderThan} and within {@code newerThan} (ISO-8601).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"tags", "digests", "olderThan", "newerThan"})
    public record RestoreOptions(List<String> tags, List<String> digests, String olderThan, String newerThan) {}

    /**
     * What untag removes: tags matching a glob of {@code tags} or a regular expression of {@code tagRegex}; with
     * {@code olderThan} and {@code keep} of the options (per {@code groupBy} group).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"tags", "tagRegex", "groupBy", "deleteIfLast"})
    public record UntagOptions(List<String> tags, List<String> tagRegex, String groupBy, boolean deleteIfLast) {}

    /**
     * The repositories chosen: by name, or all of them (or all by default), narrowed by globs.
     *
     * @param allByDefault whether no choice meant every repository (apply-all, sweep)
     */
    @JsonPropertyOrder({
        "repositoryNames",
        "all",
        "include",
        "exclude",
        "allByDefault",
        "repositoryTags",
        "excludeRepositoryTags"
    })
    public record SelectionOptions(
            List<String> repositoryNames,
            boolean all,
            List<String> include,
            List<String> exclude,
            boolean allByDefault,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> repositoryTags,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> excludeRepositoryTags) {

        public SelectionOptions(
                List<String> repositoryNames,
                boolean all,
                List<String> include,
                List<String> exclude,
                boolean allByDefault) {
            this(repositoryNames, all, include, exclude, allByDefault, List.of(), List.of());
        }
    }

    public static final int SCHEMA_VERSION = 1;

    /** The shard of the selection the run took ({@code --shard I/N}): {@code report merge} checks they add up. */
    public record ShardOf(int index, int count) {}

    /** Why nothing was changed. */
    public record Refusal(String reason) {}

    /**
     * What protected images in use.
     *
     * @param sources          each source read, in the order given
     * @param keepPulledWithin the --keep-pulled-within window (ISO-8601 duration), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InUseSources(List<SourceScan> sources, String keepPulledWithin) {}

    /**
     * One in-use source: what it is, so that {@code apply} reads it again, and what it found.
     *
     * @param kind       {@code ecs}, {@code lambda}, {@code inspector}, {@code k8s}, {@code pin-file} or
     *                   {@code in-use-file}
     * @param file       the file as given ({@code -}: standard input); absent for a service
     * @param sha256     the SHA-256 of the file's text as read; absent for a service
     * @param within     inspector: the --in-use-within window, as an ISO-8601 duration
     * @param revisions  ecs, batch: the newest revisions of each task or job definition that were kept; absent
     *                   when every ACTIVE revision was
     * @param account    for a service: the account it was read in
     * @param region     for a service: the region it was read in
     * @param optional   whether the run goes on without it (--in-use-optional)
     * @param references the image references it reported
     * @param unresolved references it saw and could not resolve to an image (stack templates), which protect
     *                   nothing; absent when none
     * @param calls      the AWS calls it made, per operation
     * @param failure    why an optional source could not be read; null when it was
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({
        "source",
        "kind",
        "file",
        "sha256",
        "within",
        "revisions",
        "account",
        "region",
        "optional",
        "references",
        "unresolved",
        "calls",
        "millis",
        "failure"
    })
    public record SourceScan(
            String source,
            String kind,
            String file,
            String sha256,
            String within,
            Integer revisions,
            String account,
            String region,
            Boolean optional,
            int references,
            Integer unresolved,
            java.util.Map<String, Long> calls,
            long millis,
            String failure) {}

    /**
     * One repository.
     *
     * @param status          {@code would-delete}, {@code would-create}, ... in a plan; {@code deleted}, {@code created},
     *                        ... in a result; {@code failed}, {@code partial}, {@code interrupted}
     * @param lifecyclePolicy the policy change (put-policy, apply-all), or null
     * @param images          the decisions shown: those that change something, and with --explain the kept ones too
     * @param tags            the repository's own tags that changed its plan in place of the options
     *                        ({@code ecrsweep:older-than}, {@code ecrsweep:keep}); absent when none did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"repositoryName", "status", "error", "tags", "lifecyclePolicy", "images"})
    public record RepositoryReport(
            String repositoryName,
            RepositoryStatus status,
            String error,
            PolicyChange lifecyclePolicy,
            List<ImageReport> images,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.Map<String, String> tags) {

        public RepositoryReport(
                String repositoryName,
                RepositoryStatus status,
                String error,
                PolicyChange lifecyclePolicy,
                List<ImageReport> images) {
            this(repositoryName, status, error, lifecyclePolicy, images, java.util.Map.of());
        }
    }

    /**
     * What putting (or deleting) the policy changes, rule by rule, and whether it is done.
     *
     * @param currentPolicyText   the repository's policy when planned, or null when it had none: {@code apply}
     *                            refuses a repository whose policy changed since
     * @param lifecyclePolicyText the policy to put, or null when the policy goes or stays
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"status", "changes", "currentPolicyText", "lifecyclePolicyText"})
    public record PolicyChange(
            RepositoryStatus status, List<RuleChange> changes, String currentPolicyText, String lifecyclePolicyText) {}

    /**
     * One difference between the current policy and the new one.
     *
     * @param change {@code added}, {@code removed} or {@code changed}
     * @param field  for a changed rule, the field inside it ({@code selection.countNumber}), or null
     * @param before the field's value before, as JSON text, or null
     * @param after  the field's value after, as JSON text, or null
     * @param rule   the rule in words
     * @param line   the difference as one line, as the table shows it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"change", "rulePriority", "field", "before", "after", "rule", "line"})
    public record RuleChange(
            String change, long rulePriority, String field, String before, String after, String rule, String line) {}

    /**
     * One image's decision and, after a real run, what became of it.
     *
     * @param kind     {@code image}, {@code index}, {@code child}, {@code referrer} or {@code signature}
     * @param action   {@code delete}, {@code expire}, {@code transition}, {@code untag} or {@code keep}
     * @param wave     the deletion wave (indexes and standalone images 0, what they free 1, ...); null when kept
     * @param bytes    what the decision frees or moves; null when kept
     * @param result   after a real run: {@code deleted}, {@code protected}, {@code skipped}, {@code failed},
     *                 {@code not-attempted}; null before
     * @param inUse    the sources that report the image in use (directly or through its index, subject or
     *                 child); null when none does
     * @param untag    the tags an {@code untag} action removes (the image keeps the others); null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({
        "imageDigest",
        "imageTags",
        "imagePushedAt",
        "imageSizeInBytes",
        "kind",
        "action",
        "reason",
        "rulePriority",
        "wave",
        "bytes",
        "result",
        "failure",
        "skipped",
        "deletedTags",
        "inUse",
        "untag"
    })
    public record ImageReport(
            String imageDigest,
            List<String> imageTags,
            String imagePushedAt,
            long imageSizeInBytes,
            String kind,
            String action,
            String reason,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer rulePriority,
            Integer wave,
            Long bytes,
            String result,
            Failure failure,
            Skip skipped,
            List<String> deletedTags,
            List<String> inUse,
            List<String> untag) {

        /** Whether the run changed the registry with this image: deleted (its tags with it, or not), archived or untagged. */
        public boolean changedRegistry() {
            return "deleted".equals(result)
                    || "deleted-with-new-tags".equals(result)
                    || "archived".equals(result)
                    || "untagged".equals(result)
                    || "restoring".equals(result)
                    || "failed".equals(result) && deletedTags != null && !deletedTags.isEmpty() && untag != null;
        }
    }

    /** Why ECR did not delete an image: its failure code and reason. */
    public record Failure(String failureCode, String failureReason) {}

    /** Why ecrsweep did not send an image: it changed since the plan, or what it belongs to stays. */
    public record Skip(io.github.ecrsweep.registry.SkipReason reason, String detail) {}

    /**
     * The totals, counted once here for every format.
     *
     * @param delete            images the plan deletes (delete-untagged)
     * @param expire            images the policy would expire now
     * @param transition        images the policy would archive now
     * @param keep              images kept, listed or not
     * @param bytes             what the deletions and expirations free, shared bytes counted once
     * @param monthlySavingsUsd {@code bytes} at $0.10 per GiB-month
     * @param policies          repositories per policy status ({@code would-create}, {@code created}, ...), for policy
     *                          commands; else null
     * @param deleted           after a real deletion: images ECR confirmed deleted; else null (so are the next four)
     * @param deletedWithNewTags after a real run: images deleted with tags pushed after the check right before the
     *                          call (ECR deletes by digest, tags and all); null when none was
     * @param archived          after a real expire: images ECR confirmed archived; else null
     * @param protectedByIndex  images ECR kept because an index still lists them
     * @param skipped           images not sent: changed since the plan, or kept with what they belong to
     * @param failed            images whose deletion failed
     * @param notAttempted      images not sent because the run was interrupted
     * @param keptInUse         images kept because a source reports them in use; null without in-use sources
     * @param inUseActions      images the plan expires or archives although a source reports them in use (a
     *                          lifecycle preview: ECR does not know what runs); null without in-use sources
     * @param untag             images whose tags the plan removes (untag); null when the plan removes none
     * @param tagsRemoved       the tags those are; null when the plan removes none
     * @param untagged          after a real run: images ECR confirmed the planned tags removed from; null before
     *                          and when the plan removes none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({
        "repositories",
        "changingRepositories",
        "failedRepositories",
        "delete",
        "expire",
        "transition",
        "keep",
        "bytes",
        "transitionBytes",
        "monthlySavingsUsd",
        "policies",
        "deleted",
        "deletedWithNewTags",
        "archived",
        "protected",
        "skipped",
        "failed",
        "notAttempted",
        "keptInUse",
        "inUseActions",
        "untag",
        "tagsRemoved",
        "untagged",
        "restore",
        "restoreBytes",
        "restoring",
        "pullableWithin"
    })
    public record Summary(
            int repositories,
            int changingRepositories,
            int failedRepositories,
            int delete,
            int expire,
            int transition,
            int keep,
            long bytes,
            long transitionBytes,
            double monthlySavingsUsd,
            java.util.Map<String, Integer> policies,
            Integer deleted,
            Integer deletedWithNewTags,
            Integer archived,

            @com.fasterxml.jackson.annotation.JsonProperty("protected")
            Integer protectedByIndex,

            Integer skipped,
            Integer failed,
            Integer notAttempted,
            Integer keptInUse,
            Integer inUseActions,
            Integer untag,
            Integer tagsRemoved,
            Integer untagged,
            Integer restore,
            Long restoreBytes,
            Integer restoring,
            String pullableWithin) {

        public Summary(
                int repositories,
                int changingRepositories,
                int failedRepositories,
                int delete,
                int expire,
                int transition,
                int keep,
                long bytes,
                long transitionBytes,
                double monthlySavingsUsd,
                java.util.Map<String, Integer> policies,
                Integer deleted,
                Integer deletedWithNewTags,
                Integer archived,
                Integer protectedByIndex,
                Integer skipped,
                Integer failed,
                Integer notAttempted,
                Integer keptInUse,
                Integer inUseActions) {
            this(
                    repositories,
                    changingRepositories,
                    failedRepositories,
                    delete,
                    expire,
                    transition,
                    keep,
                    bytes,
                    transitionBytes,
                    monthlySavingsUsd,
                    policies,
                    deleted,
                    deletedWithNewTags,
                    archived,
                    protectedByIndex,
                    skipped,
                    failed,
                    notAttempted,
                    keptInUse,
                    inUseActions,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }
}
