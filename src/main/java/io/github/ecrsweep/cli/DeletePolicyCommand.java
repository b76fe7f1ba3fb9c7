package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ChangeRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
    PlanOutOption out;

    @Mixin
    ParallelOptions parallel;

    private final Context context;

    DeletePolicyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ChangeRequest request = new ChangeRequest.DeletePolicy(selection.selection(false), safety.guards());
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
