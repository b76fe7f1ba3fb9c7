package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.FleetReport;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.SweepRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sequence every {@link Change} runs through, in each of a run's targets: refuse an incomplete
 * snapshot, read the in-use sources (once per run), resolve what the change covers, plan each repository
 * through the worker pool, apply the guards (dry run, --max-delete, nobody to confirm), ask once for every
 * target, execute through the pool with one cancellation, and return each target's typed outcome. A target
 * that cannot be reached fails alone when the run has several; a run of one target fails as a whole. It
 * prints nothing: warnings go to the diagnostics port, reports are drawn from the outcomes.
 */
public final class ChangeRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeRunner.class);

    /** How many targets run at once: each has its own clients, and ECR's quotas are per account and region. */
    static final int TARGETS_AT_ONCE = 4;

    private final Registries registries;
    private final InUseSources inUseSources;
    private final Confirmation confirmation;
    private final Diagnostics diagnostics;
    private final Ticker ticker;
    private final Calls calls;

    /** Where the calls a target made are told when it ends (--stats), however it ends. */
    @FunctionalInterface
    public interface Calls {
        Calls NONE = (target, statistics, millis) -> {};

        /** @param target the target's name when the run has several, else null */
        void made(String target, CallStatistics statistics, long millis);
    }

    public ChangeRunner(
            Registries registries,
            InUseSources inUseSources,
            Confirmation confirmation,
            Diagnostics diagnostics,
            Ticker ticker,
            Calls calls) {
        this.registries = registries;
        this.inUseSources = inUseSources;
        this.confirmation = confirmation;
        this.diagnostics = diagnostics;
        this.ticker = ticker;
        this.calls = calls;
    }

    /**
     * How one target went.
     *
     * @param outcome  its outcome, or null when it failed before one
     * @param error    why it failed, in one line; null when it did not
     * @param exitCode the exit status a run in this target alone would have had
     */
    public record TargetRun(Target target, Outcome outcome, String error, ExitCode exitCode) {}

    /** Every target's run, in the order of the targets; {@link #several()} when the run had more than one. */
    public record Result(List<TargetRun> targets, boolean several) {

        /** The run's one target. */
        public TargetRun only() {
            return targets.get(0);
        }

        /** The exit status of the whole run. */
        public ExitCode exitCode() {
            if (!several) {
                return only().exitCode();
            }
            int code = FleetReport.exitCode(
                    targets.stream().map(t -> t.exitCode().code()).toList());
            for (ExitCode c : ExitCode.values()) {
                if (c.code() == code) {
                    return c;
                }
            }
            return ExitCode.FAILED;
        }
    }

    /**
     * Runs {@code change} in every target.
     *
     * @param fixedNow  the time plans are computed for (--now), or null for the snapshot's time or the clock
     * @param writesPlan whether the plan is written for a later apply (--out)
     */
    public Result run(
            Change change,
            List<Target> targets,
            Fleet fleet,
            Instant fixedNow,
            boolean writesPlan,
            Cancellation cancellation) {
        return run(target -> change, targets, fleet, fixedNow, cancellation);
    }

    /**
     * Runs in each target the change made for it (the plan of a fleet applied target by target): one sequence,
     * one question and one cancellation for all; the run's guards and in-use sources are those of the first
     * target's change, as they are one run's.
     */
    public Result run(
            java.util.function.Function<Target, Change> changes,
            List<Target> targets,
            Fleet fleet,
            Instant fixedNow,
            Cancellation cancellation) {
        Change.Request request = changes.apply(targets.get(0)).request();
        boolean several = targets.size() > 1;
        boolean asks = !request.guards().dryRun() && !request.guards().yes() && confirmation.personPresent();
        // A cap over all targets needs every target planned before any changes anything.
        boolean holdAll = asks || request.guards().maxDeleteTotal() != null;
        // Asking once means every target waits, planned, for the answer: each keeps its registry open till then.
        Fleet inner = several ? fleet.withoutProgress() : fleet;
        Fleet targetPool = new Fleet(Math.min(TARGETS_AT_ONCE, targets.size()), Progress.NONE);
        Scanned scanned = new Scanned(request.inUse(), targets);
        if (several) {
            // Read before any target is: a source that cannot be read stops the whole run, not one target.
            scanned.in(targets.get(0));
        }
        List<Staged> staged = targetPool.map(
                "Targets",
                IntStream.range(0, targets.size()).boxed().toList(),
                i -> isolated(several, targets.get(i), () -> {
                    Staged s = stage(changes.apply(targets.get(i)), targets.get(i), several, inner, fixedNow, scanned);
                    return holdAll ? s : s.finish(true, cancellation);
                }));
        capTotal(staged, request.guards());
        if (!asks && holdAll) {
            staged = targetPool.map(
                    "Targets", staged, s -> isolated(several, s.target, () -> s.finish(true, cancellation)));
        }
        if (asks) {
            List<Confirmation.Question> questions = new ArrayList<>();
            staged.stream()
                    .filter(s -> s.question != null)
                    .forEach(s -> questions.add(new Confirmation.Question(
                            several ? s.label : null,
                            s.outcome.with(Outcome.Ending.PENDING, s.outcome.repositories(), Cancellation.NEVER),
                            s.question)));
            List<String> notPlanned = staged.stream()
                    .filter(s -> s.error != null)
                    .map(s -> s.label + ": " + s.error)
                    .toList();
            boolean yes = !questions.isEmpty() && confirmation.confirm(questions, notPlanned);
            if (!yes) {
                staged.stream()
                        .filter(s -> s.question != null)
                        .forEach(s -> s.said.error("declined: nothing was changed"));
            }
            staged = targetPool.map(
                    "Targets", staged, s -> isolated(several, s.target, () -> s.finish(yes, cancellation)));
        }
        List<TargetRun> runs = new ArrayList<>();
        for (Staged s : staged) {
            runs.add(s.run(request.guards()));
        }
        return new Result(runs, several);
    }

    /**
     * --max-delete-total: when the targets together delete or expire more images than the cap, every target's
     * plan is refused (a dry run's says that a real run would refuse it), before any changes anything.
     */
    private static void capTotal(List<Staged> staged, Guards guards) {
        if (guards.maxDeleteTotal() == null) {
            return;
        }
        int total = 0;
        for (Staged s : staged) {
            if (s.outcome != null) {
                total += s.outcome.repositories().stream()
                        .filter(r -> r.plan() != null)
                        .mapToInt(r ->
                                r.plan().count(DecisionAction.DELETE) + r.plan().count(DecisionAction.EXPIRE))
                        .sum();
            }
        }
        if (total <= guards.maxDeleteTotal()) {
            return;
        }
        String reason = "the run deletes or expires " + total + " images in all its targets, more than"
                + " --max-delete-total " + guards.maxDeleteTotal();
        for (Staged s : staged) {
            if (s.outcome == null) {
                continue;
            }
            Outcome.Ending ending = s.outcome.ending();
            if (ending == Outcome.Ending.PENDING) {
                s.said.error(reason + "; nothing was changed");
                s.outcome = Outcome.of(Outcome.Ending.REFUSED, s.outcome.run(), s.outcome.repositories(), reason);
                s.question = null;
            } else if (ending == Outcome.Ending.DRY_RUN && s.outcome.refusal() == null) {
                s.said.error("a real run would refuse this plan: " + reason);
                s.outcome = Outcome.of(Outcome.Ending.DRY_RUN, s.outcome.run(), s.outcome.repositories(), reason);
            }
        }
    }

    /**
     * The in-use sources of the run, read once, by the first target that needs them: each file once, each
     * service in every target of the run (an image one account runs may live in another's registry), so that
     * every target is protected by what runs in all of them. A source that cannot be read stops the whole run.
     */
    private final class Scanned {
        private final InUseRequest request;
        private final List<Target> targets;
        private InUse found;

        Scanned(InUseRequest request, List<Target> targets) {
            this.request = request;
            this.targets = targets;
        }

        synchronized InUse in(Target target) {
            if (found == null) {
                found = InUse.scanEach(request, targets, inUseSources, ticker, diagnostics);
            }
            return found;
        }
    }

    /**
     * A target's part so far: planned and guarded, waiting for the answer (its registry open), or finished;
     * or failed, with its error.
     */
    private final class Staged {
        final Target target;
        final String label;
        final Change change;
        final Diagnostics said;
        Registry registry;
        Planning planning;
        Outcome outcome;
        String question;
        String error;
        ExitCode errorCode;
        long started;

        Staged(Target target, String label, Change change, Diagnostics said) {
            this.target = target;
            this.label = label;
            this.change = change;
            this.said = said;
        }

        /** Executes the plan when it goes ahead (no question, or the person said yes), then closes the registry. */
        Staged finish(boolean approved, Cancellation cancellation) {
            try {
                if (outcome != null && outcome.ending() == Outcome.Ending.PENDING) {
                    outcome = approved
                            ? execute(this, cancellation)
                            : new Outcome(
                                    Outcome.Ending.DECLINED,
                                    outcome.run(),
                                    outcome.repositories(),
                                    "declined at the prompt",
                                    Cancellation.NEVER);
                }
                return this;
            } finally {
                close();
            }
        }

        void close() {
            if (registry != null) {
                calls.made(label, registry.statistics(), ticker.millisSince(started));
                registry.close();
                registry = null;
            }
        }

        TargetRun run(Guards guards) {
            if (error != null) {
                return new TargetRun(target, null, error, errorCode);
            }
            if (outcome.ending() == Outcome.Ending.DECLINED) {
                return new TargetRun(target, outcome, null, ExitCode.FAILED);
            }
            if (guards.check()) {
                ExitStatus.drift(outcome).ifPresent(said::error);
            }
            return new TargetRun(target, outcome, null, ExitStatus.of(outcome, guards));
        }
    }

    /** A target's work; with several targets, a failure of the target is its result, not the run's. */
    private Staged isolated(boolean several, Target target, Supplier<Staged> work) {
        if (!several) {
            return work.get();
        }
        try {
            return work.get();
        } catch (UserError e) {
            return failed(target, e.getMessage(), e.exitCode());
        } catch (RegistryException e) {
            return failed(target, e.getMessage(), ExitCode.FAILED);
        }
    }

    /** The errors said so far, by account: a role that cannot be assumed is said once, not once per region. */
    private final java.util.Set<String> saidOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Staged failed(Target target, String error, ExitCode code) {
        Staged failed = new Staged(target, target.label(), null, prefixed(target.label()));
        String account = target.knownAccount();
        if (account == null || saidOnce.add(account + "\n" + error)) {
            failed.said.error(error);
        }
        failed.error = error;
        failed.errorCode = code;
        return failed;
    }

    /** Opens the target's registry, plans the change there and applies the guards; the registry stays open. */
    private Staged stage(
            Change change, Target target, boolean several, Fleet fleet, Instant fixedNow, Scanned scanned) {
        Diagnostics said = several ? prefixed(target.label()) : diagnostics;
        Staged staged = new Staged(target, several ? target.label() : null, change, said);
        staged.started = ticker.nanos();
        staged.registry = registries.open(target);
        try {
            Registry registry = staged.registry;
            // Plans need every image of a repository: a filtered export would plan deletion of what it does not show.
            registry.incompleteness().ifPresent(why -> {
                throw new UserError(ExitCode.USAGE, why);
            });
            Instant now = fixedNow != null ? fixedNow : registry.capturedAt().orElseGet(ticker::now);
            // What runs is known before anything is planned: a source that cannot be read stops the run here.
            InUse inUse = scanned.in(target);
            staged.planning = new Planning(registry, now, inUse, fleet, said, ticker)
                    .missingWarns(several && change.request().guards().dryRun());
            plan(staged, change);
            return staged;
        } catch (RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    /** Plans every repository the change covers, and decides what the guards let happen. */
    private void plan(Staged staged, Change change) {
        Planning planning = staged.planning;
        Registry registry = planning.registry();
        Change.Request request = change.request();
        long started = ticker.nanos();
        List<Repository> covered = change.covers(planning);
        planning.cover(covered);
        List<RepositoryResult> planned =
                planning.fleet().map("Planning", covered, r -> planRepository(planning, change, r));
        if (change.changesRepositories()) {
            planned = leaveSkipped(planning, request, planned);
            warnReplication(planning, request, planned);
        }
        LOG.info("planned {} repositories in {} ms", planned.size(), ticker.millisSince(started));
        Outcome.Run run = new Outcome.Run(
                request.command(),
                planning.now(),
                registry.describe(),
                registry.endpoint().orElse(null),
                registry.location(),
                request.explain(),
                planning.inUse(),
                request.selection().shard(),
                request.guards().maxDelete(),
                request.options());
        Diagnostics said = staged.said;
        planned.stream().filter(r -> r.error() != null).forEach(r -> said.error(r.error()));
        warnUnknownChildren(said, registry, planned);
        warnInUse(said, planned);

        int removals = planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().count(DecisionAction.DELETE) + r.plan().count(DecisionAction.EXPIRE))
                .sum();
        Guards guards = request.guards();
        int restores = planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().count(DecisionAction.RESTORE))
                .sum();
        String overLimit = guards.maxDelete() != null && removals > guards.maxDelete()
                ? "the plan deletes or expires " + removals + " images, more than --max-delete " + guards.maxDelete()
                        + (staged.label != null ? " (counted per target)" : "")
                : guards.maxRestore() != null && restores > guards.maxRestore()
                        ? "the plan restores " + restores + " images from the archive, more than --max-restore "
                                + guards.maxRestore() + (staged.label != null ? " (counted per target)" : "")
                        : null;
        if (guards.dryRun() || registry.isReadOnly()) {
            if (overLimit != null) {
                said.error("a real run would refuse this plan: " + overLimit);
            }
            staged.outcome = Outcome.of(Outcome.Ending.DRY_RUN, run, planned, overLimit);
            return;
        }
        if (planned.stream().noneMatch(RepositoryResult::changes)) {
            staged.outcome = Outcome.of(Outcome.Ending.DONE, run, planned, null);
            return;
        }
        String refusal = overLimit != null
                ? overLimit
                : !guards.yes() && !confirmation.personPresent()
                        ? "refusing to " + change.verb() + " without --yes: there is no terminal to confirm on"
                        : null;
        if (refusal != null) {
            said.error(refusal + "; nothing was changed"
                    + (overLimit == null ? " (review with --dry-run, then run again with --yes)" : ""));
            staged.outcome = Outcome.of(Outcome.Ending.REFUSED, run, planned, refusal);
            return;
        }
        staged.outcome = Outcome.of(Outcome.Ending.PENDING, run, planned, null);
        staged.question = guards.yes() ? null : change.question(planning, planned);
    }

    /** The approved plan, executed through the pool with the run's one cancellation. */
    private Outcome execute(Staged staged, Cancellation cancellation) {
        Change.Execution execution = new Change.Execution(staged.registry, cancellation);
        List<RepositoryResult> done = staged.planning
                .fleet()
                .map("Changing", staged.outcome.repositories(), r -> executeRepository(staged.change, execution, r));
        done.stream().filter(r -> r.error() != null).forEach(r -> staged.said.error(r.error()));
        reportSurprises(staged.said, done);
        // A signal that came when nothing planned was left to send stopped nothing: the run is done.
        boolean undone = done.stream()
                .anyMatch(r -> r.status() == io.github.ecrsweep.report.RepositoryStatus.INTERRUPTED
                        || r.outcomes().values().stream()
                                .anyMatch(o ->
                                        o.status() == io.github.ecrsweep.registry.DeleteOutcome.Status.NOT_ATTEMPTED));
        return cancellation.requested() && undone
                ? staged.outcome.with(Outcome.Ending.INTERRUPTED, done, cancellation)
                : staged.outcome.with(Outcome.Ending.DONE, done, Cancellation.NEVER);
    }

    /**
     * The plans without the changing repositories tagged {@code ecrsweep:skip=true}, unless the command named them
     * with -r (a reviewed plan: the command that made it); their tags read in the pool, once per repository. A
     * repository whose tags cannot be read fails: what it asks cannot be known, so nothing is done to it.
     */
    private static List<RepositoryResult> leaveSkipped(
            Planning planning, Change.Request request, List<RepositoryResult> planned) {
        Registry registry = planning.registry();
        Set<String> named = Set.copyOf(request.options().selection().names());
        List<RepositoryResult> changing = planned.stream()
                .filter(r -> r.changes() && !named.contains(r.name()))
                .toList();
        if (changing.isEmpty()) {
            return planned;
        }
        Map<String, Optional<RepositoryResult>> checked = new HashMap<>();
        List<Optional<RepositoryResult>> answers = planning.fleet().map("Reading tags", changing, r -> {
            try {
                Optional<Map<String, String>> tags = registry.repositoryTags(r.name());
                return tags.isPresent() && RepositoryTags.skips(tags.get()) ? Optional.empty() : Optional.of(r);
            } catch (RegistryException e) {
                if (e.kind().isRegistryWide()) {
                    throw new RegistryException(
                            e.kind(),
                            e.repository(),
                            e.operation(),
                            e.code(),
                            "the repositories' tags could not be read, so " + RepositoryTags.SKIP
                                    + " cannot be honoured (ecr:ListTagsForResource): " + e.getMessage(),
                            e);
                }
                return Optional.of(RepositoryResult.failed(
                        r.name(),
                        r.name() + ": its tags could not be read, so ecrsweep:skip cannot be honoured; nothing was"
                                + " done to it: " + e.getMessage()));
            }
        });
        for (int i = 0; i < changing.size(); i++) {
            checked.put(changing.get(i).name(), answers.get(i));
        }
        List<RepositoryResult> kept = new ArrayList<>(planned.size());
        List<String> skipped = new ArrayList<>();
        for (RepositoryResult r : planned) {
            Optional<RepositoryResult> answer = checked.get(r.name());
            if (answer == null) {
                kept.add(r);
            } else if (answer.isPresent()) {
                kept.add(answer.get());
            } else {
                skipped.add(r.name());
            }
        }
        if (!skipped.isEmpty()) {
            planning.diagnostics()
                    .note("left as " + (skipped.size() == 1 ? "it is" : "they are") + ", tagged "
                            + RepositoryTags.SKIP + "=true (name " + (skipped.size() == 1 ? "it" : "one")
                            + " with -r to change it): " + String.join(", ", skipped));
        }
        return kept;
    }

    /**
     * Replicas keep what the source loses: when a plan deletes images or changes policies in repositories that the
     * registry replicates, the run says where their replicas are, which it does not change. One DescribeRegistry per
     * run; a registry that will not say is said so too.
     */
    private static void warnReplication(Planning planning, Change.Request request, List<RepositoryResult> planned) {
        boolean affects = switch (request.command()) {
            case DELETE_UNTAGGED,
                    EXPIRE,
                    SWEEP,
                    UNTAG,
                    PUT_POLICY,
                    APPLY_ALL,
                    COPY_POLICY,
                    DELETE_POLICY,
                    DELETE_REPOSITORY,
                    APPLY -> true;
            case RESTORE, PUT_TEMPLATE, APPLY_TEMPLATES -> false;
        };
        List<String> changing = planned.stream()
                .filter(RepositoryResult::changes)
                .map(RepositoryResult::name)
                .toList();
        if (!affects || changing.isEmpty()) {
            return;
        }
        List<io.github.ecrsweep.registry.ReplicationRule> rules;
        try {
            rules = planning.registry().replicationRules().orElse(List.of());
        } catch (RegistryException e) {
            if (e.kind().isRegistryWide()) {
                throw e;
            }
            planning.diagnostics()
                    .warn("the registry's replication configuration could not be read (ecr:DescribeRegistry): if it"
                            + " replicates these repositories, their replicas keep what this run changes here: "
                            + e.getMessage());
            return;
        }
        Map<String, Integer> byDestination = new java.util.TreeMap<>();
        for (String name : changing) {
            rules.stream()
                    .filter(r -> r.replicates(name))
                    .flatMap(r -> r.destinations().stream())
                    .map(Object::toString)
                    .distinct()
                    .forEach(d -> byDestination.merge(d, 1, Integer::sum));
        }
        if (byDestination.isEmpty()) {
            return;
        }
        List<String> where = new ArrayList<>();
        byDestination.forEach((d, n) -> where.add(d + ": " + n + (n == 1 ? " repository" : " repositories")));
        planning.diagnostics()
                .warn("repositories this run changes are replicated to " + String.join(", ", where)
                        + "; their replicas keep what this run deletes or changes here (run the same command with"
                        + " --region, and for another account its profile or role, to plan each from its own"
                        + " images)");
    }

    private RepositoryResult planRepository(Planning planning, Change change, Repository repository) {
        long started = ticker.nanos();
        RepositoryResult result = unlessRegistryWide(
                () -> change.plan(planning, repository), error -> RepositoryResult.failed(repository.name(), error));
        if (result.plan() != null) {
            LOG.info(
                    "{}: {} decisions to act on ({} ms)",
                    repository.name(),
                    result.plan().actions().size(),
                    ticker.millisSince(started));
        }
        return result;
    }

    private static RepositoryResult executeRepository(
            Change change, Change.Execution execution, RepositoryResult planned) {
        if (!planned.changes()) {
            return planned;
        }
        return unlessRegistryWide(
                () -> change.execute(execution, planned),
                error -> planned.with(io.github.ecrsweep.report.RepositoryStatus.FAILED, java.util.Map.of(), error));
    }

    /**
     * The work's result, or when it fails for this repository alone, {@code failed} of the one-line error; a
     * failure of the whole registry (no credentials, endpoint down) stops the run.
     */
    private static RepositoryResult unlessRegistryWide(
            Supplier<RepositoryResult> work, Function<String, RepositoryResult> failed) {
        try {
            return work.get();
        } catch (SweepRule.TooSlow e) {
            return failed.apply(e.getMessage());
        } catch (RegistryException e) {
            if (e.kind().isRegistryWide()) {
                throw e;
            }
            return failed.apply(e.getMessage());
        }
    }

    private Diagnostics prefixed(String label) {
        return new Diagnostics() {
            @Override
            public void warn(String message) {
                diagnostics.warn(label + ": " + message);
            }

            @Override
            public void error(String message) {
                diagnostics.error(label + ": " + message);
            }
        };
    }

    /**
     * Without the children of some indexes, every image that could be one of them was kept: says how many,
     * and how to get an exact plan.
     */
    private static void warnUnknownChildren(Diagnostics said, Registry registry, List<RepositoryResult> planned) {
        int kept = planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().keptForUnknownChildren())
                .sum();
        if (kept == 0) {
            return;
        }
        said.warn(kept + (kept == 1 ? " image was kept because it" : " images were kept because they")
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
    private static void warnInUse(Diagnostics said, List<RepositoryResult> planned) {
        int affected = planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().actionsInUse().size())
                .sum();
        if (affected > 0) {
            said.warn("ECR would expire or archive " + affected + (affected == 1 ? " image" : " images")
                    + " in use (see 'inUse' in the plan): ECR's lifecycle does not know what runs; change the policy"
                    + " (or stop using those images) before ECR applies it");
        }
    }

    /** What a person must not miss after a real run: images skipped because they changed, and tags ECR deleted. */
    private static void reportSurprises(Diagnostics said, List<RepositoryResult> done) {
        long changed = 0;
        for (RepositoryResult r : done) {
            r.unplannedTagDeletions()
                    .forEach((digest, tags) -> said.error("WARNING: ECR deleted image " + digest + " of '"
                            + r.name() + "' together with its tag" + (tags.size() == 1 ? " " : "s ")
                            + String.join(", ", tags)
                            + ": it was tagged after the last check; push it again under that tag if it is needed"));
            changed += r.outcomes().values().stream()
                    .filter(o -> o.skip() == io.github.ecrsweep.registry.SkipReason.TAGGED_SINCE_PLAN)
                    .count();
        }
        if (changed > 0) {
            said.warn("skipped " + changed + (changed == 1 ? " image that was" : " images that were")
                    + " tagged since the plan;"
                    + " nothing that changed since the plan was deleted; run again to plan afresh");
        }
    }
}
