package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.LifecycleEvaluator;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.RuleSet;
import io.github.ecrsweep.rules.SweepEvaluator;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every changing command's one sequence: resolve the repositories, plan each (a bounded number at a
 * time), apply the guards (dry run, --max-delete, nobody to confirm, the person's answer), execute
 * through one executor with one cancellation token, and return a typed outcome. It prints nothing:
 * what the person must know goes to the diagnostics port, the report is drawn from the outcome.
 */
public final class ChangeService {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeService.class);

    private final Fleet fleet;
    private final Confirmation confirmation;
    private final Diagnostics diagnostics;

    public ChangeService(Fleet fleet, Confirmation confirmation, Diagnostics diagnostics) {
        this.fleet = fleet;
        this.confirmation = confirmation;
        this.diagnostics = diagnostics;
    }

    public Outcome run(ChangeRequest request, Registry registry, Instant now, Cancellation cancellation) {
        // Plans need every image of a repository: a filtered export would plan deletion of what it does not show.
        registry.incompleteness().ifPresent(why -> {
            throw new UserError(ExitCode.USAGE, why);
        });
        // What runs is known before anything is planned: a source that cannot be read stops the run here.
        InUse inUse = InUse.scan(request.inUse(), diagnostics);
        refuseReviewedPlan(request, registry, now, false);
        long started = System.nanoTime();
        List<Repository> repositories = request.selection().resolve(registry, diagnostics);
        if (request instanceof ChangeRequest.Sweep s) {
            repositories = covered(s, registry, repositories);
        }
        LOG.info(
                "{} repositories selected in {} ({} ms)",
                repositories.size(),
                registry.describe(),
                millisSince(started));
        refuseReviewedPlan(request, registry, now, true);
        List<RepositoryResult> planned = plan(request, registry, repositories, now, inUse);
        LOG.info("planned {} repositories in {} ms", planned.size(), millisSince(started));
        Outcome.Run run = new Outcome.Run(
                request.command(),
                now,
                registry.describe(),
                registry.location(),
                request.explain(),
                inUse,
                request.selection().shard(),
                request.guards().maxDelete());
        planned.stream().filter(r -> r.error() != null).forEach(r -> diagnostics.error(r.error()));
        warnUnknownChildren(registry, planned);
        warnInUse(planned);

        int removals = planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().count(DecisionAction.DELETE) + r.plan().count(DecisionAction.EXPIRE))
                .sum();
        Guards guards = request.guards();
        String overLimit = guards.maxDelete() != null && removals > guards.maxDelete()
                ? "the plan deletes or expires " + removals + " images, more than --max-delete " + guards.maxDelete()
                : null;
        if (guards.dryRun() || registry.isReadOnly()) {
            if (overLimit != null) {
                diagnostics.error("a real run would refuse this plan: " + overLimit);
            }
            return new Outcome.DryRun(run, planned, overLimit);
        }
        if (planned.stream().noneMatch(RepositoryResult::changes)) {
            return new Outcome.Done(run, planned);
        }
        String what = request instanceof ChangeRequest.PutPolicy
                ? "put the lifecycle policy"
                : request instanceof ChangeRequest.DeletePolicy ? "delete lifecycle policies" : "delete images";
        String refusal = overLimit != null
                ? overLimit
                : !guards.yes() && !confirmation.personPresent()
                        ? "refusing to " + what + " without --yes: there is no terminal to confirm on"
                        : null;
        if (refusal != null) {
            diagnostics.error(refusal + "; nothing was changed"
                    + (overLimit == null ? " (review with --dry-run, then run again with --yes)" : ""));
            return new Outcome.Refused(run, planned, refusal, false);
        }
        if (!guards.yes()
                && !confirmation.confirm(new Outcome.Pending(run, planned), question(request, registry, planned))) {
            diagnostics.error("declined: nothing was changed");
            return new Outcome.Refused(run, planned, "declined at the prompt", true);
        }
        List<RepositoryResult> done = fleet.map(
                request instanceof ChangeRequest.DeleteUntagged
                                || request instanceof ChangeRequest.Expire
                                || request instanceof ChangeRequest.Sweep
                        ? "Deleting"
                        : "Applying",
                planned,
                r -> execute(request, registry, r, cancellation));
        done.stream().filter(r -> r.error() != null).forEach(r -> diagnostics.error(r.error()));
        reportSurprises(done);
        return cancellation.requested()
                ? new Outcome.Interrupted(run, done, cancellation)
                : new Outcome.Done(run, done);
    }

    /**
     * Plans each repository with a planner that deletes and archives: deleting or archiving an index means
     * knowing the children that go with it, in the wave after it, so their manifests are read when needed.
     */
    private List<RepositoryResult> planActions(
            Registry registry,
            List<Repository> repositories,
            boolean explain,
            java.util.function.BiFunction<String, List<Image>, Plan> planner) {
        return fleet.map(
                "Planning",
                repositories,
                r -> planRepository(r.name(), () -> {
                    Plan full = RepositoryPlanner.plan(
                                    registry,
                                    r.name(),
                                    registry.listImages(r.name()),
                                    images -> planner.apply(r.name(), images),
                                    p -> p.dependsOnUnknownChildren() || p.actsOnIndexWithUnknownChildren())
                            .plan();
                    return deletion(r.name(), full, explain);
                }));
    }

    /**
     * The selected repositories a block of the rule file covers; the others are left alone, which is said
     * when it leaves none.
     */
    private List<Repository> covered(ChangeRequest.Sweep sweep, Registry registry, List<Repository> selected) {
        List<Repository> covered = selected.stream()
                .filter(r -> sweep.rules().blockFor(r.name()).isPresent())
                .toList();
        LOG.info("{} of {} selected repositories are covered by {}", covered.size(), selected.size(), sweep.file());
        if (covered.isEmpty() && !selected.isEmpty()) {
            diagnostics.warn("no block of " + sweep.file() + " covers any of the " + selected.size()
                    + (selected.size() == 1 ? " selected repository" : " selected repositories") + " of "
                    + registry.describe() + ": nothing to sweep");
        }
        return covered;
    }

    /** A reviewed plan for another place or too old stops here, before anything is read (account: after). */
    private static void refuseReviewedPlan(ChangeRequest request, Registry registry, Instant now, boolean account) {
        if (request instanceof ChangeRequest.ApplyPlan a) {
            String refusal = ReviewedPlan.refusal(a.plan(), registry.location(), now, a.maxAge(), account);
            if (refusal != null) {
                throw new UserError(ExitCode.FAILED, "refusing the plan: " + refusal + "; nothing was changed");
            }
        }
    }

    // ---- planning

    private List<RepositoryResult> plan(
            ChangeRequest request, Registry registry, List<Repository> repositories, Instant now, InUse inUse) {
        if (request instanceof ChangeRequest.DeleteUntagged d) {
            Map<String, List<Image>> listed = new ConcurrentHashMap<>();
            Predicate<Digest> inRegistry =
                    d.rule().orphanedSignatures() ? registryDigests(registry, repositories, listed) : x -> true;
            return fleet.map(
                    "Planning",
                    repositories,
                    r -> planRepository(r.name(), () -> {
                        List<Image> images =
                                listed.containsKey(r.name()) ? listed.remove(r.name()) : registry.listImages(r.name());
                        Plan full = RepositoryPlanner.plan(
                                        registry,
                                        r.name(),
                                        images,
                                        all -> d.rule()
                                                .plan(
                                                        all,
                                                        now,
                                                        inRegistry,
                                                        inUse.pinsFor(registry.location(), r.name(), all, now)),
                                        Plan::dependsOnUnknownChildren)
                                .plan();
                        return deletion(r.name(), full, d.explain());
                    }));
        }
        if (request instanceof ChangeRequest.Expire e) {
            return planActions(
                    registry,
                    repositories,
                    e.explain(),
                    (name, images) -> LifecycleEvaluator.expireNow(
                            e.policy(),
                            images,
                            now,
                            inUse.pinsFor(registry.location(), name, images, now),
                            e.archive()));
        }
        if (request instanceof ChangeRequest.Sweep s) {
            return planActions(registry, repositories, s.explain(), (name, images) -> {
                RuleSet.Block block = s.rules().blockFor(name).orElseThrow();
                return SweepEvaluator.plan(
                        block.rules(),
                        s.rules().neverIn(block),
                        images,
                        now,
                        inUse.pinsFor(registry.location(), name, images, now));
            });
        }
        if (request instanceof ChangeRequest.ApplyPlan a) {
            Map<String, io.github.ecrsweep.registry.plan.PlanFile.RepositoryPlan> byName = new java.util.HashMap<>();
            a.plan().repositories().forEach(r -> byName.put(r.name(), r));
            return fleet.map(
                    "Planning",
                    repositories,
                    r -> planRepository(r.name(), () -> {
                        io.github.ecrsweep.registry.plan.PlanFile.RepositoryPlan reviewed = byName.get(r.name());
                        if (reviewed.policy() != null) {
                            return ReviewedPlan.policy(registry, reviewed);
                        }
                        return deletion(r.name(), ReviewedPlan.rebuild(registry, reviewed), false);
                    }));
        }
        if (request instanceof ChangeRequest.DeletePolicy) {
            return fleet.map(
                    "Planning",
                    repositories,
                    r -> planRepository(
                            r.name(),
                            () -> registry.getLifecyclePolicy(r.name())
                                    .map(text -> {
                                        PolicyDiff.Result removal = PolicyDiff.removal(text);
                                        return new RepositoryResult(
                                                r.name(),
                                                RepositoryStatus.planned(removal.status()),
                                                null,
                                                removal,
                                                Map.of(),
                                                null);
                                    })
                                    .orElseGet(() -> new RepositoryResult(
                                            r.name(), RepositoryStatus.NO_POLICY, null, null, Map.of(), null))));
        }
        ChangeRequest.PutPolicy p = (ChangeRequest.PutPolicy) request;
        // With a document of get-policy, the repositories it names are the ones managed.
        List<Repository> managed =
                repositories.stream().filter(r -> p.desired(r.name()) != null).toList();
        return fleet.map(
                "Planning",
                managed,
                r -> planRepository(r.name(), () -> {
                    ChangeRequest.PutPolicy.Desired desired = p.desired(r.name());
                    Optional<String> current = registry.getLifecyclePolicy(r.name());
                    if (desired.text() == null) {
                        return current.map(text -> new RepositoryResult(
                                        r.name(),
                                        RepositoryStatus.EXTRA_POLICY,
                                        null,
                                        PolicyDiff.removal(text),
                                        Map.of(),
                                        null))
                                .orElseGet(() -> new RepositoryResult(
                                        r.name(), RepositoryStatus.NO_POLICY, null, null, Map.of(), null));
                    }
                    PolicyDiff.Result change = PolicyDiff.compare(current, desired.text());
                    Plan full = RepositoryPlanner.plan(
                                    registry,
                                    r.name(),
                                    images -> LifecycleEvaluator.evaluate(
                                            desired.policy(),
                                            images,
                                            now,
                                            inUse.pinsFor(registry.location(), r.name(), images, now)))
                            .plan();
                    return new RepositoryResult(
                            r.name(),
                            RepositoryStatus.planned(change.status()),
                            p.explain() ? full : full.withoutKept(),
                            change,
                            Map.of(),
                            null);
                }));
    }

    /** A repository's planned deletions (and archives): kept images listed only with --explain. */
    private static RepositoryResult deletion(String name, Plan full, boolean explain) {
        Plan plan = explain ? full : full.withoutKept();
        RepositoryStatus status =
                plan.actions().isEmpty() ? RepositoryStatus.NOTHING_TO_DELETE : RepositoryStatus.WOULD_DELETE;
        return new RepositoryResult(name, status, plan, null, Map.of(), null);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** One repository's plan, timed; a failure of that repository alone is its result, one of the whole registry stops the run. */
    private static RepositoryResult planRepository(String name, Supplier<RepositoryResult> planning) {
        long started = System.nanoTime();
        RepositoryResult result = unlessRegistryWide(planning, error -> RepositoryResult.failed(name, error));
        if (result.plan() != null) {
            LOG.info(
                    "{}: {} decisions to act on ({} ms)",
                    name,
                    result.plan().actions().size(),
                    millisSince(started));
        }
        return result;
    }

    /**
     * The work's result, or when it fails for this repository alone, {@code failed} of the one-line error; a
     * failure of the whole registry (no credentials, endpoint down) stops the run.
     */
    private static RepositoryResult unlessRegistryWide(
            Supplier<RepositoryResult> work, Function<String, RepositoryResult> failed) {
        try {
            return work.get();
        } catch (io.github.ecrsweep.rules.SweepRule.TooSlow e) {
            return failed.apply(e.getMessage());
        } catch (RegistryException e) {
            if (e.kind().isRegistryWide()) {
                throw e;
            }
            return failed.apply(e.getMessage());
        }
    }

    /**
     * Every digest of every repository of the registry: a cosign signature may live in a repository of its
     * own (cosign's COSIGN_REPOSITORY), so its subject counts as present wherever it is. The images of the
     * selected repositories are kept in {@code listed}, so that planning does not list them again.
     */
    private Predicate<Digest> registryDigests(
            Registry registry, List<Repository> selected, Map<String, List<Image>> listed) {
        Set<String> keep = selected.stream().map(Repository::name).collect(Collectors.toSet());
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

    /** The question: what changes, in how many repositories, of which account and region. */
    private static String question(ChangeRequest request, Registry registry, List<RepositoryResult> planned) {
        long changing = planned.stream().filter(RepositoryResult::changes).count();
        String repositories = changing + (changing == 1 ? " repository" : " repositories");
        if (request instanceof ChangeRequest.DeletePolicy) {
            return "Delete the lifecycle policy of " + repositories + " of " + registry.describe() + "?";
        }
        if (request instanceof ChangeRequest.Expire
                || request instanceof ChangeRequest.Sweep
                || request instanceof ChangeRequest.ApplyPlan) {
            int expire = count(planned, DecisionAction.EXPIRE) + count(planned, DecisionAction.DELETE);
            int archive = count(planned, DecisionAction.TRANSITION);
            List<String> acts = new java.util.ArrayList<>();
            if (expire > 0) {
                acts.add("delete " + expire + (expire == 1 ? " image" : " images"));
            }
            if (archive > 0) {
                acts.add("archive " + archive + (archive == 1 ? " image" : " images"));
            }
            long policies = planned.stream()
                    .filter(r -> r.change() != null && r.changes())
                    .count();
            if (policies > 0) {
                acts.add("change the lifecycle policy of " + policies
                        + (policies == 1 ? " repository" : " repositories"));
            }
            String verb = request instanceof ChangeRequest.ApplyPlan a
                    ? "Apply the plan of " + a.plan().evaluatedAt() + ": "
                    : request instanceof ChangeRequest.Sweep s ? "Sweep by " + s.file() + ": " : "Expire now: ";
            return verb + String.join(" and ", acts) + " in " + repositories + " of " + registry.describe() + "?";
        }
        if (request instanceof ChangeRequest.DeleteUntagged) {
            int images = planned.stream()
                    .filter(r -> r.plan() != null)
                    .mapToInt(r -> r.plan().actions().size())
                    .sum();
            return "Delete " + images + (images == 1 ? " image" : " images") + " in " + repositories + " of "
                    + registry.describe() + "?";
        }
        int expire = count(planned, DecisionAction.EXPIRE);
        String target = request.selection().names().size() == 1 && planned.size() == 1
                ? "'" + planned.get(0).name() + "' in "
                : repositories + " of ";
        return "Put the lifecycle policy on " + target + registry.describe() + "?"
                + (expire > 0 ? " It would expire " + expire + (expire == 1 ? " image" : " images") + " now." : "");
    }

    private static int count(List<RepositoryResult> planned, DecisionAction action) {
        return planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().count(action))
                .sum();
    }

    /**
     * Without the children of some indexes, every image that could be one of them was kept: says how many,
     * and how to get an exact plan.
     */
    private void warnUnknownChildren(Registry registry, List<RepositoryResult> planned) {
        int kept = planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().keptForUnknownChildren())
                .sum();
        if (kept == 0) {
            return;
        }
        diagnostics.warn(kept + (kept == 1 ? " image was kept because it" : " images were kept because they")
                + " may be children of image indexes whose children "
                + (registry.isReadOnly()
                        ? registry.describe() + " does not list; for an exact plan, use an ecrsweep export"
                                + " ('ecrsweep list --images --all -o json') instead of 'aws ecr describe-images' output"
                        : "could not be read (BatchGetImage); run again, or check the ecr:BatchGetImage permission"));
    }

    /**
     * ECR's lifecycle does not know what runs: a preview that expires or archives an image in use says so,
     * so that the policy is fixed before ECR applies it.
     */
    private void warnInUse(List<RepositoryResult> planned) {
        int affected = planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().actionsInUse().size())
                .sum();
        if (affected > 0) {
            diagnostics.warn("ECR would expire or archive " + affected + (affected == 1 ? " image" : " images")
                    + " in use (see 'inUse' in the plan): ECR's lifecycle does not know what runs; change the policy"
                    + " (or stop using those images) before ECR applies it");
        }
    }

    // ---- execution

    private RepositoryResult execute(
            ChangeRequest request, Registry registry, RepositoryResult planned, Cancellation cancellation) {
        if (!planned.changes()) {
            return planned;
        }
        if ((request instanceof ChangeRequest.PutPolicy || request instanceof ChangeRequest.DeletePolicy)
                && cancellation.requested()) {
            return planned.with(
                    RepositoryStatus.INTERRUPTED, Map.of(), "not attempted: interrupted by " + cancellation.cause());
        }
        return unlessRegistryWide(
                () -> {
                    if (request instanceof ChangeRequest.PutPolicy p) {
                        registry.putLifecyclePolicy(
                                planned.name(), p.desired(planned.name()).text());
                        return planned.with(planned.status().done(), Map.of(), null);
                    }
                    if (request instanceof ChangeRequest.DeletePolicy) {
                        registry.deleteLifecyclePolicy(planned.name());
                        return planned.with(planned.status().done(), Map.of(), null);
                    }
                    if (request instanceof ChangeRequest.ApplyPlan && planned.change() != null) {
                        if (planned.status() == RepositoryStatus.WOULD_DELETE_POLICY) {
                            registry.deleteLifecyclePolicy(planned.name());
                        } else {
                            registry.putLifecyclePolicy(
                                    planned.name(), planned.change().after());
                        }
                        return planned.with(planned.status().done(), Map.of(), null);
                    }
                    if (request instanceof ChangeRequest.Expire
                            || request instanceof ChangeRequest.Sweep
                            || request instanceof ChangeRequest.ApplyPlan) {
                        return deleted(planned, expire(registry, planned, cancellation));
                    }
                    return deleted(
                            planned,
                            new DeletionExecutor(registry, cancellation).execute(planned.name(), planned.plan()));
                },
                error -> planned.with(RepositoryStatus.FAILED, Map.of(), error));
    }

    /**
     * Expire's two executions: the expirations as deletions (waves, re-check, what ECR confirms), then the
     * transitions as archives; an image's outcome is keyed by its digest either way.
     */
    private static Map<Digest, DeleteOutcome> expire(
            Registry registry, RepositoryResult planned, Cancellation cancellation) {
        List<Decision> expirations = planned.plan().actions().stream()
                .filter(d -> d.action().removesImage())
                .toList();
        List<Decision> transitions = planned.plan().actions().stream()
                .filter(d -> d.action() == DecisionAction.TRANSITION)
                .toList();
        Map<Digest, DeleteOutcome> outcomes = new java.util.LinkedHashMap<>();
        if (!expirations.isEmpty()) {
            outcomes.putAll(new DeletionExecutor(registry, cancellation).execute(planned.name(), Plan.of(expirations)));
        }
        if (!transitions.isEmpty()) {
            outcomes.putAll(new ArchiveExecutor(registry, cancellation).execute(planned.name(), transitions));
        }
        return outcomes;
    }

    /** A repository's result from the outcome of each deletion. */
    private static RepositoryResult deleted(RepositoryResult planned, Map<Digest, DeleteOutcome> outcomes) {
        long failed = outcomes.values().stream()
                .filter(o -> o.status() == DeleteOutcome.Status.FAILED)
                .count();
        long deleted = outcomes.values().stream()
                .filter(o -> o.status() == DeleteOutcome.Status.DELETED || o.status() == DeleteOutcome.Status.ARCHIVED)
                .count();
        boolean interrupted =
                outcomes.values().stream().anyMatch(o -> o.status() == DeleteOutcome.Status.NOT_ATTEMPTED);
        RepositoryStatus status = interrupted
                ? RepositoryStatus.INTERRUPTED
                : failed == 0
                        ? RepositoryStatus.DELETED
                        : deleted == 0 ? RepositoryStatus.FAILED : RepositoryStatus.PARTIAL;
        return planned.with(status, outcomes, null);
    }

    /** What a person must not miss after a real run: images skipped because they changed, and tags ECR deleted. */
    private void reportSurprises(List<RepositoryResult> done) {
        long changed = 0;
        for (RepositoryResult r : done) {
            r.unplannedTagDeletions()
                    .forEach((digest, tags) -> diagnostics.error("WARNING: ECR deleted image " + digest + " of '"
                            + r.name() + "' together with its tag" + (tags.size() == 1 ? " " : "s ")
                            + String.join(", ", tags)
                            + ": it was tagged after the last check; push it again under that tag if it is needed"));
            changed += r.outcomes().values().stream()
                    .filter(o -> o.status() == DeleteOutcome.Status.SKIPPED && o.skip() == SkipReason.TAGGED_SINCE_PLAN)
                    .count();
        }
        if (changed > 0) {
            diagnostics.warn("skipped " + changed + (changed == 1 ? " image that was" : " images that were")
                    + " tagged since the plan;"
                    + " nothing that changed since the plan was deleted; run again to plan afresh");
        }
    }
}
