package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.change.DeletePolicyChange;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ecrsweep delete-policy}: removes the lifecycle policy of the selected repositories, with the guards. */
@Command(
        name = "delete-policy",
        description = "Delete the lifecycle policy of the selected repositories: shows each policy's rules that would"
                + " go, asks before deleting (or --yes), and reports per repository policy-deleted, no-policy or failed."
                + " Images are not touched.",
        footer = {
            "%nExamples:",
            "  ecrsweep delete-policy -r web --dry-run",
            "  ecrsweep delete-policy --include 'sandbox-*' --yes -o json > result.json"
        })
final class DeletePolicyCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    RepositorySelection selection;

    @Mixin
    PlanOutOption out;

    private final Context context;

    DeletePolicyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Change change = DeletePolicyChange.of(selection.selection(false), options.guards());
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }
}
