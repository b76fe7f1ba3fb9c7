package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.app.change.PutPolicyChange;
import io.github.ecrsweep.report.CommandName;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep put-policy}: validate a lifecycle policy, show the difference and its effect now, then put it. */
@Command(
        name = "put-policy",
        description =
                "Validate a lifecycle policy, show how it differs from the repository's current one (as data: rule"
                        + " order and whitespace do not matter) and exactly what it would expire or archive now, then put it."
                        + " An unchanged policy is not put again.",
        footer = {
            "%nExamples:",
            "  ecrsweep put-policy -r web --dry-run \\",
            "      --policy examples/policies/expire-untagged-after-14-days.json",
            "  ecrsweep put-policy -r web --policy policy.json --max-delete 100 --yes",
            "  # offline, as of a fixed time, from an export",
            "  ecrsweep put-policy -r web --policy P.json --snapshot web-images.json \\",
            "      --now 2026-06-15T12:00:00Z -o json"
        })
final class PutPolicyCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    PlanOutOption out;

    @Mixin
    InUseOptions inUse;

    @Option(
            names = {"-r", "--repository"},
            paramLabel = "NAME",
            required = true,
            description = "The repository.")
    String repository;

    @Mixin
    PolicyFileOption policy;

    @Option(names = "--explain", description = "Also list the images the policy keeps, with the reason.")
    boolean explain;

    private final Context context;

    PutPolicyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        // Checked before the policy is read: both may not come from standard input.
        InUseRequest inUseRequest = inUse.request(policy.fromStdin());
        PolicyInput input = policy.loadOne(context);
        Change change = PutPolicyChange.of(
                CommandName.PUT_POLICY,
                Selection.of(repository),
                new PutPolicyChange.Desired(input.text(), input.policy()),
                Map.of(),
                options.guards(),
                explain,
                inUseRequest);
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }
}
