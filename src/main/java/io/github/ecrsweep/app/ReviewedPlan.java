package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.plan.PlanFile;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.rules.Decision;
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
import java.util.List;
import java.util.Map;

/**
 * A reviewed plan made executable again: checked against where and when it is applied, and each
 * repository's decisions rebuilt with the tags the plan saw (so that the re-check before each batch skips
 * an image tagged or deleted since) and the edges the executor needs (an index's children, a referrer's
 * subject), read from the registry as it is now.
 */
final class ReviewedPlan {

    private ReviewedPlan() {}

    /**
     * Why the plan must not be applied here and now, or null when it may; the account is checked only with
     * {@code checkAccount}, once the plan's repositories have been looked up (which tells the account).
     */
    static String refusal(PlanFile plan, Location here, Instant now, Duration maxAge, boolean checkAccount) {
        if (plan.source().startsWith("snapshot")) {
            return "it was made from snapshot files (" + plan.source() + "), not from the registry";
        }
        if (plan.region() == null || !plan.region().equals(here.region())) {
            return "it is for region " + plan.region() + ", and this run is in " + here.region();
        }
        if (checkAccount && (plan.account() == null || !plan.account().equals(here.account()))) {
            return "it is for account " + plan.account() + ", and this run acts in "
                    + (here.account() == null ? "an account it could not confirm" : "account " + here.account());
        }
        Duration age = Duration.between(plan.evaluatedAt(), now);
        if (age.compareTo(maxAge) > 0) {
            return "it was made " + age.toHours() + " h ago (" + plan.evaluatedAt() + "), more than --max-age "
                    + maxAge.toHours() + " h; plan again";
        }
        if (age.isNegative()) {
            return "it was made in the future (" + plan.evaluatedAt() + ")";
        }
        return null;
    }

    /**
     * A reviewed policy change, if the repository's policy is still the one the plan saw; otherwise the
     * repository fails with the reason, and nothing is done to it.
     */
    static RepositoryResult policy(Registry registry, PlanFile.RepositoryPlan reviewed) {
        PlanFile.PolicyPlan p = reviewed.policy();
        String current = registry.getLifecyclePolicy(reviewed.name()).orElse(null);
        if (!PolicyDiff.same(current, p.current())) {
            return RepositoryResult.failed(
                    reviewed.name(),
                    "its lifecycle policy changed since the plan; nothing was done to it (plan again)");
        }
        PolicyDiff.Result change = p.wanted() == null
                ? PolicyDiff.removal(current)
                : PolicyDiff.compare(java.util.Optional.ofNullable(current), p.wanted());
        return new RepositoryResult(
                reviewed.name(), RepositoryStatus.planned(change.status()), null, change, Map.of(), null);
    }

    /** The repository's decisions as reviewed, with today's edges and the tags the plan saw. */
    static Plan rebuild(Registry registry, PlanFile.RepositoryPlan planned) {
        List<Digest> digests =
                planned.images().stream().map(PlanFile.PlannedImage::digest).toList();
        Map<Digest, Image> now = new HashMap<>();
        for (int from = 0; from < digests.size(); from += Registry.MAX_BATCH) {
            now.putAll(registry.describeImages(
                    planned.name(), digests.subList(from, Math.min(from + Registry.MAX_BATCH, digests.size()))));
        }
        List<Digest> indexes = planned.images().stream()
                .filter(i -> ImageKind.ofCode(i.kind()) == ImageKind.INDEX && now.containsKey(i.digest()))
                .map(PlanFile.PlannedImage::digest)
                .toList();
        Map<Digest, List<Digest>> children =
                indexes.isEmpty() ? Map.of() : registry.readIndexChildren(planned.name(), indexes);
        List<Decision> decisions = new ArrayList<>();
        for (PlanFile.PlannedImage p : planned.images()) {
            Image current = now.get(p.digest());
            Image.Builder b = current != null
                    ? current.toBuilder()
                    : Image.builder(p.digest(), p.pushedAt()).sizeInBytes(p.sizeInBytes());
            b.tags(p.tags());
            if (ImageKind.ofCode(p.kind()) == ImageKind.INDEX) {
                b.childDigests(children.getOrDefault(p.digest(), List.of()));
                if (current == null) {
                    b.manifestMediaType(MediaTypes.OCI_INDEX);
                }
            }
            decisions.add(new Decision(
                    b.build(),
                    p.action(),
                    Reason.ofCode(p.reason()).orElse(Reason.UNTAGGED),
                    p.rulePriority(),
                    p.wave(),
                    p.bytes(),
                    ImageKind.ofCode(p.kind())));
        }
        return Plan.of(decisions);
    }
}
