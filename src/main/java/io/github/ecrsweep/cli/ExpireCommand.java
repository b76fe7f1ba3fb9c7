package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ChangeRequest;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecrsweep expire}: a lifecycle policy's decisions, made now instead of within a day by ECR. */
@Command(
        name = "expire",
        description = "Evaluate an ECR lifecycle policy now, as ECR would, and do what it decides: delete the images"
                + " it expires (indexes before the children they free, each batch read again first) and archive those it"
                + " transitions (UpdateImageStorageClass), unless --no-archive. The decisions are exactly those the"
                + " put-policy preview shows for the same policy, repository and time, except that an image in use"
                + " (--in-use, --in-use-k8s, --pin-file, ...) stays with its graph. The policy is not put on the"
                + " repository. Shows the plan first; asks before changing anything.",
        footer = {
            "%nExamples:",
            "  ecrsweep expire -r web --policy examples/policies/aws-04-filter-on-image-count.json --dry-run",
            "  ecrsweep expire --all --policy policy.json --in-use ecs,lambda --max-delete 500 --yes",
            "  ecrsweep expire --include 'team-a/*' --policy policy.json --no-archive -o json > result.json"
        })
final class ExpireCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    RepositorySelection selection;

    @Mixin
    SafetyOptions safety;

    @Mixin
    OutputOptions output;

    @Mixin
    InUseOptions inUse;

    @Mixin
    PlanOutOption out;

    @Mixin
    PolicyFileOption policy;

    @Option(
            names = "--no-archive",
            description = "Leave the policy's transitions to ECR (reason archive-left-to-ecr): only expire now.")
    boolean noArchive;

    @Option(names = "--explain", description = "Also list the images kept, with the reason.")
    boolean explain;

    @Mixin
    ParallelOptions parallel;

    private final Context context;

    ExpireCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        aws.checkNowOnlyForPlans(safety.dryRun);
        // Checked before the policy is read: both may not come from standard input.
        InUseRequest inUseRequest = inUse.request(context, aws, policy.fromStdin());
        PolicyInput input = policy.load(context);
        if (input.isDocument()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "'" + PolicySources.label(policy.file)
                            + "' is a document of several repositories' policies: apply-all --policy reads it");
        }
        ChangeRequest request = new ChangeRequest.Expire(
                selection.selection(false), input.policy(), safety.guards(), explain, inUseRequest, !noArchive);
        return ChangeFlow.run(
                request,
                parallel.fleet(context),
                context,
                aws,
                output,
                spec,
                false,
                out.checked(safety.dryRun || aws.usesSnapshots()));
    }
}
