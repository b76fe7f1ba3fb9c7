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
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.TagMutability;
import io.github.ecrsweep.rules.UntagSelection;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code untag}: the selected tags of the selected repositories' images go, the images stay; an image whose last
 * tag would go is left, or with {@code --delete-if-last} deleted with every rule of a deletion.
 */
public record UntagChange(Request request, UntagSelection rule) implements Change {

    public static UntagChange of(
            Selection selection, UntagSelection rule, Guards guards, boolean explain, InUseRequest inUse) {
        return new UntagChange(
                new Request(
                        CommandName.UNTAG,
                        selection,
                        guards,
                        inUse,
                        explain,
                        PlanOptions.of(selection).withUntag(rule)),
                rule);
    }

    @Override
    public String verb() {
        return rule.deleteIfLast() ? "remove tags and delete images" : "remove tags";
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        TagMutability mutability =
                repository.tagMutability() == null ? TagMutability.MUTABLE : repository.tagMutability();
        String name = repository.name();
        Changes.Own own = Changes.own(planning, name);
        UntagSelection mine = own.overrides().isEmpty()
                ? rule
                : new UntagSelection(
                        rule.globs(),
                        rule.regexes(),
                        own.overrides().olderThan() != null ? own.overrides().olderThan() : rule.olderThan(),
                        own.overrides().keep() != null ? own.overrides().keep() : rule.keep(),
                        own.overrides().keep() != null ? null : rule.groupBy(),
                        rule.deleteIfLast());
        return Changes.planActions(
                        planning,
                        name,
                        request.explain(),
                        images -> mine.plan(images, planning.now(), mutability, planning.pins(name, images)))
                .withTags(own.shown());
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        int untag = Changes.count(planned, DecisionAction.UNTAG);
        int tags = planned.stream()
                .filter(r -> r.plan() != null)
                .flatMap(r -> r.plan().actions().stream())
                .mapToInt(d -> d.untag().size())
                .sum();
        List<String> acts = new ArrayList<>();
        if (untag > 0) {
            acts.add("remove " + tags + (tags == 1 ? " tag" : " tags") + " from " + Changes.images(untag));
        }
        int delete = Changes.count(planned, DecisionAction.DELETE);
        if (delete > 0) {
            acts.add("delete " + Changes.images(delete) + " whose last tag would go");
        }
        String what = String.join(" and ", acts);
        return Character.toUpperCase(what.charAt(0)) + what.substring(1) + " in " + Changes.changing(planned) + " of "
                + planning.registry().describe() + "?";
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return Changes.carryOut(execution, planned);
    }
}
