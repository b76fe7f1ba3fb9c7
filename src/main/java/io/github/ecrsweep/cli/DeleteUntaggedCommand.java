package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Cancellation;
import io.github.ecrsweep.app.DeletionExecutor;
import io.github.ecrsweep.app.RepositoryPlanner;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
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
                + " goes with the children only it lists (after it, in a second wave), and OCI referrers go with their"
                + " subject. Tagged images, cosign tag signatures included, stay. Shows the plan first; asks before"
                + " deleting; reads each batch again right before deleting it and skips what changed.",
        footer = {"%nExamples:",
            "  ecrsweep delete-untagged --all --snapshot examples/registry.json        # a plan, no AWS needed",
            "  ecrsweep delete-untagged -r web --older-than 14d --keep 5 --dry-run",
            "  ecrsweep delete-untagged --all --exclude 'prod/*' --older-than 30d --max-delete 500 --yes"})
final class DeleteUntaggedCommand implements Callable<Integer> {

    /** Untagged images younger than this stay unless asked otherwise: a multi-arch push uploads its platform images before the index. */
    static final String DEFAULT_GRACE = "24h";

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

    @Option(names = "--older-than", paramLabel = "DURATION", converter = Durations.class, defaultValue = DEFAULT_GRACE,
            description = "Only delete untagged images pushed (or restored) longer ago than this: 14d, 36h, 90m, 2w"
                    + " (default: ${DEFAULT-VALUE}, because a multi-arch push uploads its platform images untagged before"
                    + " the index that tags them; 0 for no minimum).")
    Duration olderThan;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "0",
            description = "Keep the N most recently pushed untagged images of each repository, whatever their age (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--explain", description = "Also list the images kept, with the reason.")
    boolean explain;

    @Option(names = "--orphaned-signatures", description = "Also delete signatures, attestations and SBOMs tagged in cosign's"
            + " scheme (sha256-<hex>.sig, .att, .sbom) whose subject is in none of the registry's repositories. They are"
            + " tagged images, so without this option they stay. Reads every repository of the registry to be sure.")
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
        aws.checkNowOnlyForPlans(safety.dryRun);
        if (selection.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "choose repositories with -r NAME, --all or --include GLOB");
        }
        Fleet fleet = parallel.fleet(context);
        UntaggedSelection rule = new UntaggedSelection(olderThan.isZero() ? null : olderThan, keep, orphanedSignatures);
        return aws.withRegistry(context, spec.commandLine().getErr(), (registry, now) -> {
            ChangeFlow.requireComplete(registry);
            List<Repository> repositories = selection.resolve(registry, false, spec.commandLine().getErr());
            Map<String, List<Image>> listed = new ConcurrentHashMap<>();
            Predicate<Digest> inRegistry = orphanedSignatures ? registryDigests(registry, fleet, repositories, listed) : d -> true;
            List<RepositoryRun> runs = fleet.map("Planning", repositories,
                    r -> plan(registry, r.name(), listed.remove(r.name()), rule, inRegistry, now));
            int images = runs.stream().filter(r -> r.plan() != null).mapToInt(r -> r.plan().actions().size()).sum();
            long changing = runs.stream().filter(RepositoryRun::changes).count();
            String question = "Delete " + Units.count(images, "image") + " in " + Units.count(changing, "repository", "repositories")
                    + " of " + registry.describe() + "?";
            return new ChangeFlow(context, safety, output.format(), spec.commandLine().getOut(), spec.commandLine().getErr())
                    .run(new ChangeFlow.Request("delete-untagged", "delete images", question, explain), registry, now, runs,
                            (planned, cancellation) -> fleet.map("Deleting", planned, run -> execute(registry, run, cancellation)));
        });
    }

    /**
     * Every digest of every repository of the registry: a cosign signature may live in a repository of its
     * own (cosign's COSIGN_REPOSITORY), so its subject counts as present wherever it is. The images of the
     * selected repositories are kept in {@code listed}, so that planning does not list them again.
     */
    private static Predicate<Digest> registryDigests(Registry registry, Fleet fleet, List<Repository> selected,
            Map<String, List<Image>> listed) {
        Set<String> keep = selected.stream().map(Repository::name).collect(java.util.stream.Collectors.toSet());
        Set<Digest> all = ConcurrentHashMap.newKeySet();
        fleet.map("Reading the registry", registry.listRepositories(), repository -> {
            List<Image> images = registry.listImages(repository.name());
            images.forEach(i -> all.add(i.digest()));
            if (keep.contains(repository.name())) {
                listed.put(repository.name(), images);
            }
            return images.size();
        });
        return all::contains;
    }

    private RepositoryRun plan(Registry registry, String repository, List<Image> listed, UntaggedSelection rule,
            Predicate<Digest> inRegistry, Instant now) {
        try {
            List<Image> images = listed != null ? listed : registry.listImages(repository);
            Plan full = RepositoryPlanner.plan(registry, repository, images, all -> rule.plan(all, now, inRegistry)).plan();
            Plan plan = explain ? full : full.withoutKept();
            RepositoryRun.Status status = plan.actions().isEmpty() ? RepositoryRun.Status.NOTHING_TO_DELETE : RepositoryRun.Status.WOULD_DELETE;
            return new RepositoryRun(repository, status, plan, null, Map.of(), null);
        } catch (RegistryException e) {
            if (Fleet.isFatal(e)) {
                throw e;
            }
            return RepositoryRun.failed(repository, e.getMessage());
        }
    }

    private static RepositoryRun execute(Registry registry, RepositoryRun run, Cancellation cancellation) {
        if (!run.changes()) {
            return run;
        }
        Map<Digest, DeleteOutcome> outcomes;
        try {
            outcomes = new DeletionExecutor(registry, cancellation).execute(run.name(), run.plan());
        } catch (RegistryException e) {
            if (Fleet.isFatal(e)) {
                throw e;
            }
            return run.with(RepositoryRun.Status.FAILED, Map.of(), e.getMessage());
        }
        long failed = outcomes.values().stream().filter(o -> o.status() == DeleteOutcome.Status.FAILED).count();
        long deleted = outcomes.values().stream().filter(o -> o.status() == DeleteOutcome.Status.DELETED).count();
        boolean interrupted = outcomes.values().stream().anyMatch(o -> o.status() == DeleteOutcome.Status.NOT_ATTEMPTED);
        RepositoryRun.Status status = interrupted ? RepositoryRun.Status.INTERRUPTED
                : failed == 0 ? RepositoryRun.Status.DELETED
                : deleted == 0 ? RepositoryRun.Status.FAILED : RepositoryRun.Status.PARTIAL;
        return run.with(status, outcomes, null);
    }
}
