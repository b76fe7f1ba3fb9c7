package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.PlanOptions;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.rules.RuleSet;
import io.github.ecrsweep.rules.SweepEvaluator;
import io.github.ecrsweep.rules.TagMutability;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@code sweep}: each selected repository that a block of the rule file covers is planned by that block's
 * rules, never lists and the in-use protection; the plan's deletions and archives are done.
 *
 * @param file the rule file's name, for reports and the prompt
 */
public record SweepChange(Request request, String file, RuleSet rules) implements Change {

    public static SweepChange of(
            Selection selection,
            String file,
            String text,
            RuleSet rules,
            Guards guards,
            boolean explain,
            InUseRequest inUse) {
        return new SweepChange(
                new Request(
                        CommandName.SWEEP,
                        selection,
                        guards,
                        inUse,
                        explain,
                        PlanOptions.of(selection).withRules(file, text)),
                file,
                rules);
    }

    @Override
    public String verb() {
        return "delete images";
    }

    /** The selected repositories a block of the rule file covers; saying so when it leaves none. */
    @Override
    public List<Repository> covers(Planning planning) {
        List<Repository> selected = planning.select(request.selection());
        List<Repository> covered = selected.stream()
                .filter(r -> rules.blockFor(r.name()).isPresent())
                .toList();
        LoggerFactory.getLogger(SweepChange.class)
                .info("{} of {} selected repositories are covered by {}", covered.size(), selected.size(), file);
        if (covered.isEmpty() && !selected.isEmpty()) {
            planning.diagnostics()
                    .warn("no block of " + file + " covers any of the " + selected.size()
                            + (selected.size() == 1 ? " selected repository" : " selected repositories") + " of "
                            + planning.registry().describe() + ": nothing to sweep");
        }
        return covered;
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        String name = repository.name();
        RuleSet.Block block = rules.blockFor(name).orElseThrow();
        return Changes.planActions(
                planning,
                name,
                request.explain(),
                images -> SweepEvaluator.plan(
                        block.rules(),
                        rules.neverIn(block),
                        images,
                        planning.now(),
                        planning.pins(name, images),
                        repository.tagMutability() == null ? TagMutability.MUTABLE : repository.tagMutability()));
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        return "Sweep by " + file + ": " + String.join(" and ", Changes.imageActs(planned)) + " in "
                + Changes.changing(planned) + " of " + planning.registry().describe() + "?";
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return Changes.carryOut(execution, planned);
    }
}
