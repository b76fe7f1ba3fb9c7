package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.change.ExpireChange;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
            "  ecrsweep expire -r web --dry-run \\",
            "      --policy examples/policies/aws-04-filter-on-image-count.json",
            "  ecrsweep expire --all --policy policy.json --in-use ecs,lambda \\",
            "      --max-delete 500 --yes",
            "  ecrsweep expire --include 'team-a/*' --policy policy.json --no-archive \\",
            "      -o json > result.json"
        })
final class ExpireCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    RepositorySelection selection;

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

    private final Context context;

    ExpireCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        // Checked before the policy is read: both may not come from standard input.
        InUseRequest inUseRequest = inUse.request(policy.fromStdin());
        PolicyInput input = policy.loadOne(context);
        Change change = ExpireChange.of(
                selection.selection(false),
                input.text(),
                input.policy(),
                !noArchive,
                options.guards(),
                explain,
                inUseRequest);
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }
}
