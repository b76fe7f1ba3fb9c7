package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.PlanOptions;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.RuleSet;
import io.github.ecrsweep.rules.SweepEvaluator;
import io.github.ecrsweep.rules.SweepRule;
import io.github.ecrsweep.rules.TagStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code delete-repository}: an empty repository goes (DeleteRepository without force, so ECR refuses one an image
 * reached since). With {@code force}, a repository's images are planned for deletion first, with every guard of
 * one (the graph's waves, the in-use sources, the archive minimum, the re-check before each call); when the plan
 * keeps any image, the repository is refused whole, and the repository goes only once every image did.
 */
public record DeleteRepositoryChange(Request request, boolean force) implements Change {

    /** Every image of the repository, as a rule that deletes whatever it matches. */
    private static final List<SweepRule> EVERYTHING = List.of(new SweepRule(
            1, "every image", TagStatus.ANY, null, null, List.of(), null, null, null, null, SweepRule.Action.DELETE));

    public static DeleteRepositoryChange of(Selection selection, boolean force, Guards guards, InUseRequest inUse) {
        return new DeleteRepositoryChange(
                new Request(CommandName.DELETE_REPOSITORY, selection, guards, inUse, false, PlanOptions.of(selection)),
                force);
    }

    @Override
    public String verb() {
        return "delete repositories";
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        String name = repository.name();
        List<Image> images = planning.images(name);
        if (images.isEmpty()) {
            return new RepositoryResult(name, RepositoryStatus.WOULD_DELETE, Plan.of(List.of()), null, Map.of(), null);
        }
        if (!force) {
            return RepositoryResult.failed(
                    name,
                    name + " holds " + images.size() + (images.size() == 1 ? " image" : " images")
                            + ": delete-repository deletes only empty repositories (--force deletes its images"
                            + " first, with every guard of a deletion); nothing was done to it");
        }
        RepositoryResult planned = Changes.planActions(
                planning,
                name,
                true,
                all -> SweepEvaluator.plan(
                        EVERYTHING, RuleSet.Never.NONE, all, planning.now(), planning.pins(name, all)));
        List<Decision> kept = planned.plan().kept();
        if (!kept.isEmpty()) {
            Map<String, Long> why = new TreeMap<>(
                    kept.stream().collect(Collectors.groupingBy(d -> d.reason().code(), Collectors.counting())));
            return RepositoryResult.failed(
                    name,
                    name + ": " + kept.size() + (kept.size() == 1 ? " image stays" : " images stay") + " (" + why
                            + "), so the repository is not deleted; nothing was done to it");
        }
        return planned;
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        List<RepositoryResult> going =
                planned.stream().filter(RepositoryResult::changes).toList();
        int images = going.stream().mapToInt(r -> r.plan().actions().size()).sum();
        return "Delete "
                + (going.size() == 1 ? "the repository " + going.get(0).name() : going.size() + " repositories")
                + (images == 0 ? "" : " and " + Changes.images(images) + " in " + (going.size() == 1 ? "it" : "them"))
                + " of " + planning.registry().describe() + "?";
    }

    /** Its images first, as a deletion; the repository only when every one of them is gone. */
    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        RepositoryResult images = planned.plan().actions().isEmpty() ? planned : Changes.carryOut(execution, planned);
        boolean allGone = images.outcomes().values().stream()
                .allMatch(o -> o.status().removed()
                        || o.status() == DeleteOutcome.Status.SKIPPED
                                && o.skip() == io.github.ecrsweep.registry.SkipReason.GONE_SINCE_PLAN);
        if (!allGone || execution.cancellation().requested()) {
            return images.with(
                    images.status() == RepositoryStatus.DELETED ? RepositoryStatus.PARTIAL : images.status(),
                    images.outcomes(),
                    planned.name() + ": not every image was deleted, so the repository stays");
        }
        try {
            execution.registry().deleteRepository(planned.name());
        } catch (RegistryException e) {
            if (e.kind().isRegistryWide()) {
                throw e;
            }
            return images.with(
                    images.outcomes().isEmpty() ? RepositoryStatus.FAILED : RepositoryStatus.PARTIAL,
                    images.outcomes(),
                    planned.name() + ": the repository stays: " + e.getMessage());
        }
        return images.with(RepositoryStatus.REPOSITORY_DELETED, images.outcomes(), null);
    }
}
