package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.change.CopyPolicyChange;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep copy-policy}: one repository's lifecycle policy put on others. */
@Command(
        name = "copy-policy",
        description = "Put the lifecycle policy of one repository (--from) on the selected repositories, as put-policy"
                + " would: each repository's difference and what the policy would expire or archive now, unchanged"
                + " policies left alone, the source itself never touched. Shows the plan first; asks before putting.",
        footer = {
            "%nExamples:",
            "  ecrsweep copy-policy --from platform/web --include 'platform/*' --dry-run",
            "  ecrsweep copy-policy --from golden/base -r team-a/api -r team-b/api --yes"
        })
final class CopyPolicyCommand implements Callable<Integer> {

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

    @Option(
            names = "--from",
            paramLabel = "NAME",
            required = true,
            description = "The repository whose lifecycle policy is copied.")
    String from;

    @Option(names = "--explain", description = "Also list the images the policy keeps, with the reason.")
    boolean explain;

    private final Context context;

    CopyPolicyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CopyPolicyChange change =
                CopyPolicyChange.of(from, selection.selection(false), options.guards(), explain, inUse.request(false));
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }
}
