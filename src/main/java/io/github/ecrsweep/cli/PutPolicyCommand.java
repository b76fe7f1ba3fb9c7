package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.rules.DecisionAction;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecrsweep put-policy}: validate a lifecycle policy, show the difference and its effect now, then put it. */
@Command(name = "put-policy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Validate a lifecycle policy, show how it differs from the repository's current one (as data: rule"
                + " order and whitespace do not matter) and exactly what it would expire or archive now, then put it."
                + " An unchanged policy is not put again.",
        footer = {"%nExamples:",
            "  ecrsweep put-policy -r web --policy examples/policies/expire-untagged-after-14-days.json --dry-run",
            "  ecrsweep put-policy -r web --policy policy.json --max-delete 100 --yes",
            "  ecrsweep put-policy -r web --policy P.json --snapshot web-images.json --now 2026-06-15T12:00:00Z -o json"})
final class PutPolicyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    SafetyOptions safety;

    @Mixin
    OutputOptions output;

    @Option(names = {"-r", "--repository"}, paramLabel = "NAME", required = true, description = "The repository.")
    String repository;

    @Option(names = "--policy", paramLabel = "FILE", required = true, description = "The lifecycle policy file; - reads standard input.")
    String policyFile;

    @Option(names = "--explain", description = "Also list the images the policy keeps, with the reason.")
    boolean explain;

    private final Context context;

    PutPolicyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        safety.check();
        RepositorySelection.checkName(repository);
        PolicyInput input = PolicyInput.load(context.policies(), policyFile);
        PrintWriter out = spec.commandLine().getOut();
        return aws.withRegistry(context, spec.commandLine().getErr(), (registry, now) -> {
            RepositoryRun run = input.planFor(registry, repository, now, explain);
            boolean dryRun = safety.dryRun || registry.isReadOnly();
            if (dryRun || !PolicyInput.changes(run)) {
                new RunRenderer("put-policy", dryRun, now, registry.describe(), explain).print(out, output.format(), List.of(run));
                return ExitCode.OK.code();
            }
            Confirmation.checkMaxDelete(safety, run.plan().count(DecisionAction.EXPIRE));
            if (Confirmation.willAsk(safety, context.prompter())) {
                new RunRenderer("put-policy", true, now, registry.describe(), explain).print(out, output.format(), List.of(run));
            }
            Confirmation.require(safety, context.prompter(), "Put this lifecycle policy on '" + repository + "'?", "put the policy");
            registry.putLifecyclePolicy(repository, input.text());
            new RunRenderer("put-policy", false, now, registry.describe(), explain).print(out, output.format(), List.of(run));
            return ExitCode.OK.code();
        });
    }
}
