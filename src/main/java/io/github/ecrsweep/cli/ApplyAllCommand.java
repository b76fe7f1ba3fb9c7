package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ChangeRequest;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.Selection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecrsweep apply-all}: one lifecycle policy on every selected repository, concurrently. */
@Command(
        name = "apply-all",
        description = "Put one lifecycle policy on every repository (or those selected), a bounded number at a time."
                + " Per repository: created, updated, unchanged or failed with the reason, and what the policy would"
                + " expire or archive now. Goes on past a repository's failure; exit 3 when some failed.",
        footer = {
            "%nExamples:",
            "  ecrsweep apply-all --policy examples/policies/expire-untagged-after-14-days.json --dry-run",
            "  ecrsweep apply-all --policy policy.json --include 'team-a/*' --exclude '*-legacy' --yes",
            "  ecrsweep apply-all --policy P.json --snapshot a.json --snapshot b.json --now 2026-06-15T12:00:00Z -o json",
            "  ecrsweep apply-all --policy policy.json --check        # exit 1 on drift, e.g. in a scheduled CI job"
        })
final class ApplyAllCommand implements Callable<Integer> {

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
    InUseOptions inUse;

    @Mixin
    PolicyFileOption policy;

    @Option(names = "--explain", description = "Also list the images the policy keeps, with the reason.")
    boolean explain;

    @Option(
            names = "--check",
            description = "Change nothing: report each repository whose policy is not this one (missing, or another"
                    + " one; with a document of get-policy, also a policy the document says it should not have) and exit"
                    + " 1 when there is any such drift, 0 when there is none.")
    boolean check;

    @Mixin
    ParallelOptions parallel;

    private final Context context;

    ApplyAllCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        aws.checkNowOnlyForPlans(safety.dryRun);
        Selection chosen = selection.selection(true);
        // Checked before the policy is read: both may not come from standard input.
        InUseRequest inUseRequest = inUse.request(context, aws, policy.fromStdin());
        PolicyInput input = policy.load(context);
        ChangeRequest request = new ChangeRequest.PutPolicy(
                io.github.ecrsweep.report.CommandName.APPLY_ALL,
                chosen,
                input.text(),
                input.policy(),
                check ? new Guards(true, safety.yes, safety.maxDelete) : safety.guards(),
                explain,
                inUseRequest,
                input.byRepository());
        return ChangeFlow.run(
                request,
                parallel.fleet(context),
                context,
                aws,
                output,
                spec,
                check,
                out.checked(check || safety.dryRun || aws.usesSnapshots()));
    }
}
