package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import io.github.ecrsweep.rules.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecrsweep delete-untagged}: deletes untagged images without breaking multi-arch images or signatures. */
@Command(name = "delete-untagged",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Delete the untagged images of the selected repositories, computed on each repository's image graph:"
                + " the platform images and attestations of a tagged multi-arch image are never touched, an untagged index"
                + " goes with the children only it lists (after it, in a second wave), and signatures go with their subject."
                + " Shows the plan first; asks before deleting.",
        footer = {"%nExamples:",
            "  ecrsweep delete-untagged --all --snapshot examples/registry.json        # a plan, no AWS needed",
            "  ecrsweep delete-untagged -r web --older-than 14d --keep 5 --dry-run",
            "  ecrsweep delete-untagged --all --exclude 'prod/*' --older-than 30d --max-delete 500 --yes"})
final class DeleteUntaggedCommand implements Callable<Integer> {

    /** Images per BatchDeleteImage call, ECR's limit. */
    private static final int BATCH = 100;

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

    @Option(names = "--older-than", paramLabel = "DURATION", converter = Durations.class,
            description = "Only delete untagged images pushed longer ago than this: 14d, 36h, 90m, 2w.")
    Duration olderThan;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "0",
            description = "Keep the N most recently pushed untagged images of each repository, whatever their age (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--explain", description = "Also list the images kept, with the reason.")
    boolean explain;

    @Option(names = "--orphaned-signatures", description = "Also delete signatures, attestations and SBOMs tagged in cosign's"
            + " scheme (sha256-<hex>.sig, .att, .sbom) whose subject is in none of the registry's repositories. They are"
            + " tagged images, so without this option they stay. Lists every repository of the registry to be sure.")
    boolean orphanedSignatures;

    @Mixin
    ParallelOptions parallel;

    private final Context context;

    DeleteUntaggedCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (keep < 0) {
            throw new UserError(ExitCode.USAGE, "--keep must not be negative, not " + keep);
        }
        safety.check();
        selection.check();
        if (selection.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "choose repositories with -r NAME, --all or --include GLOB");
        }
        Fleet fleet = parallel.fleet(context);
        UntaggedSelection rule = new UntaggedSelection(olderThan, keep, orphanedSignatures);
        PrintWriter out = spec.commandLine().getOut();
        return aws.withRegistry(context, spec.commandLine().getErr(), (registry, now) -> {
            List<String> repositories = selection.resolve(registry, false);
            Predicate<Digest> inRegistry = orphanedSignatures ? registryDigests(registry, fleet) : d -> true;
            List<RepositoryRun> runs = fleet.map("Planning", repositories, repo -> plan(registry, repo, rule, inRegistry, now, explain));
            boolean dryRun = safety.dryRun || registry.isReadOnly();
            int removals = runs.stream().filter(r -> r.plan() != null).mapToInt(r -> r.plan().actions().size()).sum();
            RunRenderer planView = new RunRenderer("delete-untagged", true, now, registry.describe(), explain);
            if (dryRun || removals == 0) {
                planView.print(out, output.format(), runs);
                RunRenderer.reportFailures(spec.commandLine().getErr(), runs);
                return exitCode(runs);
            }
            Confirmation.checkMaxDelete(safety, removals);
            if (Confirmation.willAsk(safety, context.prompter())) {
                planView.print(out, output.format(), runs);
            }
            Confirmation.require(safety, context.prompter(), "Delete " + removals + " images in " + repositories.size()
                    + " repositories of " + registry.describe() + "?", "delete images");
            try (Interruption interruption = context.interruptible() ? Interruption.install() : Interruption.none()) {
                List<RepositoryRun> done = fleet.map("Deleting", runs, run -> execute(registry, run, interruption));
                new RunRenderer("delete-untagged", false, now, registry.describe(), explain).print(out, output.format(), done);
                RunRenderer.reportFailures(spec.commandLine().getErr(), done);
                if (interruption.requested()) {
                    Map<DeleteOutcome.Status, Long> results = RunRenderer.results(done);
                    throw new UserError(ExitCode.FAILED, "interrupted by " + interruption.signal() + ": deleted "
                            + results.get(DeleteOutcome.Status.DELETED) + " of " + removals + " planned images, "
                            + results.get(DeleteOutcome.Status.NOT_ATTEMPTED) + " not attempted; run the same command again to finish",
                            null, interruption.exitCode());
                }
                return exitCode(done);
            }
        });
    }

    /**
     * Every digest of every repository of the registry: a cosign signature may live in a repository of its
     * own (cosign's COSIGN_REPOSITORY), so its subject counts as present wherever it is.
     */
    private static Predicate<Digest> registryDigests(Registry registry, Fleet fleet) {
        Set<Digest> all = ConcurrentHashMap.newKeySet();
        fleet.map("Reading the registry", registry.listRepositories(),
                repository -> all.addAll(registry.listImages(repository.name()).stream().map(Image::digest).toList()));
        return all::contains;
    }

    private static RepositoryRun plan(Registry registry, String repository, UntaggedSelection rule, Predicate<Digest> inRegistry,
            Instant now, boolean explain) {
        try {
            Plan full = rule.plan(registry.listImages(repository), now, inRegistry);
            Plan plan = explain ? full : full.withoutKept();
            return new RepositoryRun(repository, "planned", plan, null, Map.of(), null);
        } catch (RegistryException e) {
            if (Fleet.isFatal(e)) {
                throw e;
            }
            return RepositoryRun.failed(repository, e.getMessage());
        }
    }

    /**
     * Deletes wave by wave, so that an index goes before the children it frees, one call of at most
     * 100 images at a time; after an interruption, nothing more is sent.
     */
    private static RepositoryRun execute(Registry registry, RepositoryRun run, Interruption interruption) {
        if (run.plan() == null || run.plan().actions().isEmpty()) {
            return run.plan() == null ? run : run.withStatus("done");
        }
        Map<Digest, DeleteOutcome> outcomes = new LinkedHashMap<>();
        for (List<Decision> wave : run.plan().waves()) {
            List<Digest> digests = wave.stream().map(Decision::digest).toList();
            for (int from = 0; from < digests.size(); from += BATCH) {
                List<Digest> batch = digests.subList(from, Math.min(from + BATCH, digests.size()));
                if (interruption.requested()) {
                    batch.forEach(d -> outcomes.put(d, DeleteOutcome.notAttempted(d)));
                    continue;
                }
                for (DeleteOutcome o : registry.deleteImages(run.name(), batch)) {
                    outcomes.put(o.digest(), o);
                }
            }
        }
        long failed = outcomes.values().stream().filter(o -> o.status() == DeleteOutcome.Status.FAILED).count();
        long skipped = outcomes.values().stream().filter(o -> o.status() == DeleteOutcome.Status.NOT_ATTEMPTED).count();
        String status = skipped > 0 ? "interrupted" : failed == 0 ? "done" : failed == outcomes.size() ? "failed" : "partial";
        return new RepositoryRun(run.name(), status, run.plan(), null, outcomes, null);
    }

    /** 0 when everything was done, 3 when some images were deleted and something failed, 1 when nothing could be done. */
    private static int exitCode(List<RepositoryRun> runs) {
        if (runs.stream().noneMatch(RepositoryRun::isFailed)) {
            return ExitCode.OK.code();
        }
        boolean anyDeleted = RunRenderer.results(runs).get(DeleteOutcome.Status.DELETED) > 0;
        return (anyDeleted ? ExitCode.PARTIAL : ExitCode.FAILED).code();
    }
}
