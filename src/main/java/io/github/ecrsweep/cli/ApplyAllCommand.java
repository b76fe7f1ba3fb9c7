package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.rules.DecisionAction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecrsweep apply-all}: one lifecycle policy on every selected repository, concurrently. */
@Command(name = "apply-all",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Put one lifecycle policy on every repository (or those selected), a bounded number at a time."
                + " Per repository: created, updated, unchanged or failed with the reason, and what the policy would"
                + " expire or archive now. Goes on past a repository's failure; exit 3 when some failed.",
        footer = {"%nExamples:",
            "  ecrsweep apply-all --policy examples/policies/expire-untagged-after-14-days.json --dry-run",
            "  ecrsweep apply-all --policy policy.json --include 'team-a/*' --exclude '*-legacy' --yes",
            "  ecrsweep apply-all --policy P.json --snapshot a.json --snapshot b.json --now 2026-06-15T12:00:00Z -o json"})
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

    @Option(names = "--policy", paramLabel = "FILE", required = true, description = "The lifecycle policy file; - reads standard input.")
    String policyFile;

    @Option(names = "--explain", description = "Also list the images the policy keeps, with the reason.")
    boolean explain;

    @Mixin
    ParallelOptions parallel;

    private final Context context;

    ApplyAllCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        safety.check();
        selection.check();
        aws.checkNowOnlyForPlans(safety.dryRun);
        Fleet fleet = parallel.fleet(context);
        PolicyInput input = PolicyInput.load(context.policies(), policyFile);
        return aws.withRegistry(context, spec.commandLine().getErr(), (registry, now) -> {
            ChangeFlow.requireComplete(registry);
            List<String> repositories = selection.resolve(registry, true, spec.commandLine().getErr()).stream()
                    .map(Repository::name).toList();
            List<RepositoryRun> runs = input.plan(fleet, registry, repositories, now, explain);
            long changing = runs.stream().filter(RepositoryRun::changes).count();
            int expire = runs.stream().filter(r -> r.plan() != null).mapToInt(r -> r.plan().count(DecisionAction.EXPIRE)).sum();
            String question = "Put the lifecycle policy on " + Units.count(changing, "repository", "repositories") + " of "
                    + registry.describe() + "?" + (expire > 0 ? " It would expire " + Units.count(expire, "image") + " now." : "");
            return new ChangeFlow(context, safety, output.format(), spec.commandLine().getOut(), spec.commandLine().getErr())
                    .run(new ChangeFlow.Request("apply-all", "put the lifecycle policy", question, explain), registry, now, runs,
                            (planned, cancellation) -> fleet.map("Applying", planned,
                                    run -> cancellation.requested() && run.changes()
                                            ? run.with(RepositoryRun.Status.INTERRUPTED, Map.of(), "not attempted: interrupted")
                                            : input.put(registry, run)));
        });
    }
}
