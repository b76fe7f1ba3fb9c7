package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.DecisionAction;
import java.io.PrintWriter;
import java.time.Instant;
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
        Fleet fleet = parallel.fleet(context);
        PolicyInput input = PolicyInput.load(context.policies(), policyFile);
        PrintWriter out = spec.commandLine().getOut();
        return aws.withRegistry(context, spec.commandLine().getErr(), (registry, now) -> {
            List<String> repositories = selection.resolve(registry, true);
            List<RepositoryRun> runs = fleet.map("Planning", repositories, repo -> plan(registry, repo, input, now, explain));
            boolean dryRun = safety.dryRun || registry.isReadOnly();
            List<RepositoryRun> changing = runs.stream().filter(PolicyInput::changes).toList();
            if (dryRun || changing.isEmpty()) {
                new RunRenderer("apply-all", dryRun, now, registry.describe(), explain).print(out, output.format(), runs);
                RunRenderer.reportFailures(spec.commandLine().getErr(), runs);
                return partialOrFailed(runs);
            }
            Confirmation.checkMaxDelete(safety, runs.stream().filter(r -> r.plan() != null)
                    .mapToInt(r -> r.plan().count(DecisionAction.EXPIRE)).sum());
            if (Confirmation.willAsk(safety, context.prompter())) {
                new RunRenderer("apply-all", true, now, registry.describe(), explain).print(out, output.format(), runs);
            }
            Confirmation.require(safety, context.prompter(), "Put the policy on " + changing.size() + " repositories of "
                    + registry.describe() + "?", "put the policy");
            List<RepositoryRun> done = fleet.map("Applying", runs, run -> put(registry, run, input));
            new RunRenderer("apply-all", false, now, registry.describe(), explain).print(out, output.format(), done);
            RunRenderer.reportFailures(spec.commandLine().getErr(), done);
            return partialOrFailed(done);
        });
    }

    private static RepositoryRun plan(Registry registry, String repository, PolicyInput input, Instant now, boolean explain) {
        try {
            return input.planFor(registry, repository, now, explain);
        } catch (RegistryException e) {
            if (Fleet.isFatal(e)) {
                throw e;
            }
            return RepositoryRun.failed(repository, e.getMessage());
        }
    }

    private static RepositoryRun put(Registry registry, RepositoryRun run, PolicyInput input) {
        if (!PolicyInput.changes(run)) {
            return run;
        }
        try {
            registry.putLifecyclePolicy(run.name(), input.text());
            return run;
        } catch (RegistryException e) {
            if (Fleet.isFatal(e)) {
                throw e;
            }
            return new RepositoryRun(run.name(), "failed", run.plan(), run.change(), Map.of(), e.getMessage());
        }
    }

    /** 0 when no repository failed, 3 when some did, 1 when all did. */
    private static int partialOrFailed(List<RepositoryRun> runs) {
        long failed = runs.stream().filter(RepositoryRun::isFailed).count();
        if (failed == 0) {
            return ExitCode.OK.code();
        }
        return (failed == runs.size() ? ExitCode.FAILED : ExitCode.PARTIAL).code();
    }
}
