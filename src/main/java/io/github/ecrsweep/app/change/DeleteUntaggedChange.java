package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.DeletionExecutor;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.PlanOptions;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryPlanner;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.util.List;
import java.util.function.Predicate;

/** {@code delete-untagged}: the untagged images of the selected repositories, on each one's image graph. */
public record DeleteUntaggedChange(Request request, UntaggedSelection rule) implements Change {

    public static DeleteUntaggedChange of(
            Selection selection, UntaggedSelection rule, Guards guards, boolean explain, InUseRequest inUse) {
        return new DeleteUntaggedChange(
                new Request(
                        CommandName.DELETE_UNTAGGED,
                        selection,
                        guards,
                        inUse,
                        explain,
                        PlanOptions.of(selection)
                                .withUntagged(rule.olderThan(), rule.keepNewest(), rule.orphanedSignatures())),
                rule);
    }

    @Override
    public String verb() {
        return "delete images";
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        String name = repository.name();
        Changes.Own own = Changes.own(planning, name);
        UntaggedSelection mine = own.overrides().isEmpty()
                ? rule
                : new UntaggedSelection(
                        own.overrides().olderThan() != null ? own.overrides().olderThan() : rule.olderThan(),
                        own.overrides().keep() != null ? own.overrides().keep() : rule.keepNewest(),
                        rule.orphanedSignatures());
        Predicate<Digest> inRegistry = mine.orphanedSignatures() ? planning.registryDigests() : d -> true;
        Plan full = RepositoryPlanner.plan(
                        planning.registry(),
                        name,
                        planning.images(name),
                        all -> mine.plan(all, planning.now(), inRegistry, planning.pins(name, all)),
                        Plan::dependsOnUnknownChildren)
                .plan();
        return RepositoryResult.ofPlan(name, full, request.explain()).withTags(own.shown());
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        int images = planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().actions().size())
                .sum();
        return "Delete " + Changes.images(images) + " in " + Changes.changing(planned) + " of "
                + planning.registry().describe() + "?";
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return Changes.result(
                planned,
                new DeletionExecutor(execution.registry(), execution.cancellation())
                        .execute(planned.name(), planned.plan()));
    }
}
