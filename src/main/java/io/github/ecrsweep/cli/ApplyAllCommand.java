package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.app.change.PutPolicyChange;
import io.github.ecrsweep.report.CommandName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep apply-all}: one lifecycle policy on every selected repository, concurrently. */
@Command(
        name = "apply-all",
        description = "Put one lifecycle policy on every repository (or those selected), a bounded number at a time."
                + " Per repository: created, updated, unchanged or failed with the reason, and what the policy would"
                + " expire or archive now. Goes on past a repository's failure; exit 3 when some failed.",
        footer = {
            "%nExamples:",
            "  # what the policy would do on every repository, changing nothing",
            "  ecrsweep apply-all --dry-run \\",
            "      --policy examples/policies/expire-untagged-after-14-days.json",
            "  ecrsweep apply-all --policy policy.json --include 'team-a/*' \\",
            "      --exclude '*-legacy' --yes",
            "  # offline, as of a fixed time, from two exports",
            "  ecrsweep apply-all --policy P.json --snapshot a.json --snapshot b.json \\",
            "      --now 2026-06-15T12:00:00Z -o json",
            "  # exit 1 on drift, e.g. in a scheduled CI job",
            "  ecrsweep apply-all --policy policy.json --check"
        })
final class ApplyAllCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    RepositorySelection selection;

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

    @Option(
            names = "--show-images",
            description = "With --check: also list the images the policy would expire or archive now (so does -v);"
                    + " by default the drift and their count.")
    boolean showImages;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final Context context;

    ApplyAllCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Selection chosen = selection.selection(true);
        options.output.hideImageRows =
                check && !showImages && Logging.verbosity(spec.commandLine().getParseResult()) == 0;
        // Checked before the policy is read: both may not come from standard input.
        InUseRequest inUseRequest = inUse.request(policy.fromStdin());
        PolicyInput input = policy.load(context);
        Guards guards = options.guards();
        Change change = PutPolicyChange.of(
                CommandName.APPLY_ALL,
                chosen,
                new PutPolicyChange.Desired(input.text(), input.policy()),
                input.byRepository(),
                check ? guards.asCheck() : guards,
                explain,
                inUseRequest);
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }
}
