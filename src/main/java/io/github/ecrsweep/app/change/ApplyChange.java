package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.PlanReader;
import io.github.ecrsweep.report.Report;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.ImageKind;
import io.github.ecrsweep.rules.MediaTypes;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.Reason;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code apply PLAN}: a reviewed plan executed as reviewed, or less, and never more than the command that made
 * it would do now. The plan is checked whole before anything is read ({@link ReviewedPlan}); it is refused for
 * another account or region, when made from snapshot files, or when older than {@code maxAge}. A policy plan
 * only puts or deletes the policies it shows, where the policy is still the one the plan saw. An image plan is
 * planned again by its own command, with the plan's options and its in-use sources read again (and any given
 * now): a reviewed image is done only when that fresh plan does the same to it; otherwise it is skipped with
 * the reason: gone, tagged, in use, or no longer planned since. The re-check before each batch still holds.
 */
public final class ApplyChange implements Change {

    private final Request request;
    private final ReviewedPlan reviewed;
    private final Duration maxAge;
    private final Change original;
    private final Map<String, Report.RepositoryReport> byName = new HashMap<>();

    private ApplyChange(Request request, ReviewedPlan reviewed, Duration maxAge) {
        this.request = request;
        this.reviewed = reviewed;
        this.maxAge = maxAge;
        this.original = reviewed.changesPolicies() ? null : reviewed.original(request.guards());
        reviewed.plan().repositories().forEach(r -> byName.put(r.repositoryName(), r));
    }

    /**
     * The change that applies a plan read from a file, checked whole first.
     *
     * @param expectedSha256 the SHA-256 of the reviewed bytes (--expect-sha256), or null to take the file as it is
     * @param inUse          in-use sources given to apply, read besides those the plan records
     */
    public static ApplyChange of(
            PlanReader.Read read, String expectedSha256, Guards guards, Duration maxAge, InUseRequest inUse) {
        return of(read, expectedSha256, guards, maxAge, inUse, null);
    }

    /**
     * As {@link #of(PlanReader.Read, String, Guards, Duration, InUseRequest)}, only the repositories of one shard
     * (by the hash --shard uses), so that N workers apply one reviewed plan with no overlap.
     */
    public static ApplyChange of(
            PlanReader.Read read,
            String expectedSha256,
            Guards guards,
            Duration maxAge,
            InUseRequest inUse,
            io.github.ecrsweep.app.Shard shard) {
        if (expectedSha256 != null && !expectedSha256.toLowerCase(Locale.ROOT).equals(read.sha256())) {
            throw new UserError(
                    ExitCode.USAGE,
                    "refusing the plan '" + read.name() + "': its SHA-256 is " + read.sha256() + ", not the reviewed "
                            + expectedSha256.toLowerCase(Locale.ROOT) + "; nothing was changed");
        }
        ReviewedPlan reviewed = ReviewedPlan.check(read);
        if (reviewed.changesPolicies() && inUse.isActive()) {
            // ECR's lifecycle evaluation reads no in-use source: taking them would promise a protection it lacks.
            throw new UserError(
                    ExitCode.USAGE,
                    "the plan '" + read.name() + "' is a " + read.plan().command() + " plan: it puts or deletes"
                            + " lifecycle policies, and ECR's lifecycle keeps nothing for an in-use source or"
                            + " --keep-pulled-within; apply it without them");
        }
        Location planned = new Location(read.plan().account(), read.plan().region());
        List<String> changing = read.plan().repositories().stream()
                .filter(r -> r.status().changes())
                .map(Report.RepositoryReport::repositoryName)
                .filter(name -> shard == null || shard.holds(planned, name))
                .toList();
        Selection selection = changing.isEmpty()
                ? new Selection(List.of(), false, List.of(), List.of(), true)
                : new Selection(changing, false, List.of(), List.of(), false);
        return new ApplyChange(
                new Request(
                        CommandName.APPLY, selection, guards, reviewed.inUse().with(inUse), false, reviewed.options()),
                reviewed,
                maxAge);
    }

    /** Whether the plan changes anything at all. */
    public boolean changesAnything() {
        return !request.selection().names().isEmpty();
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public String verb() {
        return "apply the plan";
    }

    /**
     * The plan's changing repositories, once the plan is known to be for here and now: another region or a plan
     * of snapshot files is refused before anything is read, another account once the repositories are.
     */
    @Override
    public List<Repository> covers(Planning planning) {
        refuse(refusal(planning.location(), planning.now(), false));
        if (!changesAnything()) {
            return List.of();
        }
        List<Repository> repositories = planning.select(request.selection());
        refuse(refusal(planning.location(), planning.now(), true));
        return repositories;
    }

    private static void refuse(String refusal) {
        if (refusal != null) {
            throw new UserError(ExitCode.FAILED, "refusing the plan: " + refusal + "; nothing was changed");
        }
    }

    /** Why the plan must not be applied here and now, or null; the account only once it is known. */
    private String refusal(Location here, Instant now, boolean checkAccount) {
        Report plan = reviewed.plan();
        if (String.valueOf(plan.source()).startsWith("snapshot")) {
            return "it was made from snapshot files (" + plan.source() + "), not from the registry";
        }
        if (plan.region() == null || !plan.region().equals(here.region())) {
            return "it is for region " + plan.region() + ", and this run is in " + here.region();
        }
        if (checkAccount && (plan.account() == null || !plan.account().equals(here.account()))) {
            return "it is for account " + plan.account() + ", and this run acts in "
                    + (here.account() == null ? "an account it could not confirm" : "account " + here.account());
        }
        Duration age = Duration.between(reviewed.evaluatedAt(), now);
        if (age.compareTo(maxAge) > 0) {
            return "it was made " + age.toHours() + " h ago (" + plan.evaluatedAt() + "), more than --max-age "
                    + maxAge.toHours() + " h; plan again ('ecrsweep " + plan.command()
                    + " ... --dry-run --out FILE' with the same options), review that plan and apply it";
        }
        if (age.isNegative()) {
            return "it was made in the future (" + plan.evaluatedAt() + ")";
        }
        return null;
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        Report.RepositoryReport planned = byName.get(repository.name());
        if (reviewed.changesPolicies()) {
            return policy(planning, planned);
        }
        RepositoryResult now = original.plan(planning, repository);
        if (now.plan() == null) {
            return now; // the repository could not be planned now: it fails, and nothing is done to it
        }
        return images(planned, now.plan());
    }

    /**
     * A reviewed policy change, if the repository's policy is still the one the plan saw; otherwise the
     * repository fails with the reason, and nothing is done to it.
     */
    private static RepositoryResult policy(Planning planning, Report.RepositoryReport planned) {
        Report.PolicyChange p = planned.lifecyclePolicy();
        String name = planned.repositoryName();
        String current = planning.registry().getLifecyclePolicy(name).orElse(null);
        if (!PolicyDiff.same(current, p.currentPolicyText())) {
            return RepositoryResult.failed(
                    name, "its lifecycle policy changed since the plan; nothing was done to it (plan again)");
        }
        PolicyDiff.Result change = p.status() == RepositoryStatus.WOULD_DELETE_POLICY
                ? PolicyDiff.removal(current)
                : PolicyDiff.compare(Optional.ofNullable(current), p.lifecyclePolicyText());
        return RepositoryResult.ofPolicy(name, change, null);
    }

    /**
     * The reviewed decisions, each with the edges and state a plan made now gives it and the tags the reviewed
     * plan saw (so that the re-check before each batch skips an image tagged since); one that the plan made now
     * does not do the same to is skipped already, with the reason.
     */
    private static RepositoryResult images(Report.RepositoryReport planned, Plan fresh) {
        Map<Digest, Decision> now = new HashMap<>();
        fresh.decisions().forEach(d -> now.put(d.digest(), d));
        List<Decision> decisions = new ArrayList<>();
        Map<Digest, DeleteOutcome> skipped = new LinkedHashMap<>();
        for (Report.ImageReport row : planned.images() == null ? List.<Report.ImageReport>of() : planned.images()) {
            DecisionAction action = DecisionAction.valueOf(row.action().toUpperCase(Locale.ROOT));
            if (action == DecisionAction.KEEP) {
                continue;
            }
            Digest digest = Digest.of(row.imageDigest());
            Decision current = now.get(digest);
            decisions.add(reviewedDecision(row, action, current));
            whySkipped(row, action, current).ifPresent(o -> skipped.put(digest, o));
        }
        Plan plan = Plan.of(decisions);
        boolean acts = decisions.size() > skipped.size();
        return new RepositoryResult(
                planned.repositoryName(),
                acts ? RepositoryStatus.WOULD_DELETE : RepositoryStatus.NOTHING_TO_DELETE,
                plan,
                null,
                skipped,
                null);
    }

    /** The decision as reviewed: its tags, action, reason and rule; its edges and wave as they are now. */
    private static Decision reviewedDecision(Report.ImageReport row, DecisionAction action, Decision current) {
        Digest digest = Digest.of(row.imageDigest());
        ImageKind kind = ImageKind.ofCode(row.kind());
        Image.Builder image = current != null
                ? current.image().toBuilder()
                : Image.builder(digest, Instant.parse(row.imagePushedAt())).sizeInBytes(row.imageSizeInBytes());
        image.tags(row.imageTags());
        if (current == null && kind == ImageKind.INDEX) {
            image.manifestMediaType(MediaTypes.OCI_INDEX);
        }
        return new Decision(
                image.build(),
                action,
                Reason.ofCode(row.reason()).orElseThrow(),
                row.rulePriority(),
                current != null ? current.wave() : row.wave() == null ? 0 : row.wave(),
                row.bytes() == null ? 0 : row.bytes(),
                kind,
                List.of(),
                action == DecisionAction.UNTAG ? untag(row) : List.of());
    }

    /** Why a reviewed decision is not done now: the image is gone, tagged otherwise, in use, or kept by a plan now. */
    private static Optional<DeleteOutcome> whySkipped(Report.ImageReport row, DecisionAction action, Decision now) {
        Digest digest = Digest.of(row.imageDigest());
        if (now == null) {
            return Optional.of(
                    DeleteOutcome.skipped(digest, SkipReason.GONE_SINCE_PLAN, "no longer in the repository"));
        }
        if (!Set.copyOf(row.imageTags()).equals(Set.copyOf(now.image().tags()))) {
            return Optional.of(DeleteOutcome.skipped(
                    digest,
                    SkipReason.TAGGED_SINCE_PLAN,
                    now.image().tags().isEmpty()
                            ? "its tags changed since the plan"
                            : "tagged " + String.join(", ", now.image().tags()) + " now"));
        }
        if (now.action() == action && Set.copyOf(now.untag()).equals(Set.copyOf(untag(row)))) {
            return Optional.empty();
        }
        if (now.isInUse()) {
            return Optional.of(DeleteOutcome.skipped(
                    digest, SkipReason.IN_USE_SINCE_PLAN, "in use now: " + String.join(", ", now.inUse())));
        }
        return Optional.of(DeleteOutcome.skipped(
                digest,
                SkipReason.NO_LONGER_PLANNED,
                "a plan made now would " + now.action().code() + " it ("
                        + now.reason().code() + (now.untag().isEmpty() ? "" : ": " + String.join(", ", now.untag()))
                        + ")"));
    }

    private static List<String> untag(Report.ImageReport row) {
        return row.untag() == null ? List.of() : row.untag();
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        List<String> acts = new ArrayList<>(Changes.imageActs(executable(planned)));
        long policies =
                planned.stream().filter(r -> r.change() != null && r.changes()).count();
        if (policies > 0) {
            acts.add("change the lifecycle policy of " + policies + (policies == 1 ? " repository" : " repositories"));
        }
        return "Apply the plan of " + reviewed.plan().evaluatedAt() + ": " + String.join(" and ", acts) + " in "
                + Changes.changing(planned) + " of " + planning.registry().describe() + "?";
    }

    /** The planned repositories with only what will be sent: the decisions not skipped already. */
    private static List<RepositoryResult> executable(List<RepositoryResult> planned) {
        return planned.stream()
                .map(r -> r.plan() == null ? r : r.withPlan(sendable(r)))
                .toList();
    }

    private static Plan sendable(RepositoryResult r) {
        return Plan.of(r.plan().actions().stream()
                .filter(d -> !r.outcomes().containsKey(d.digest()))
                .toList());
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        if (planned.change() != null) {
            return Changes.notAttempted(execution, planned).orElseGet(() -> {
                if (planned.status() == RepositoryStatus.WOULD_DELETE_POLICY) {
                    execution.registry().deleteLifecyclePolicy(planned.name());
                } else {
                    execution
                            .registry()
                            .putLifecyclePolicy(planned.name(), planned.change().after());
                }
                return planned.with(planned.status().done(), Map.of(), null);
            });
        }
        RepositoryResult sent = Changes.carryOut(execution, planned.withPlan(sendable(planned)));
        Map<Digest, DeleteOutcome> outcomes = new LinkedHashMap<>(planned.outcomes());
        outcomes.putAll(sent.outcomes());
        return Changes.result(planned, outcomes);
    }
}
