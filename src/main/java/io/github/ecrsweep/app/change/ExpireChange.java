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
import io.github.ecrsweep.rules.LifecycleEvaluator;
import io.github.ecrsweep.rules.LifecyclePolicy;
import java.util.List;

/**
 * {@code expire}: a lifecycle policy evaluated now, as ECR would, and done: what it expires is deleted and,
 * with {@code archive}, what it transitions is archived; an image in use stays.
 */
public record ExpireChange(Request request, LifecyclePolicy policy, boolean archive) implements Change {

    public static ExpireChange of(
            Selection selection,
            String policyText,
            LifecyclePolicy policy,
            boolean archive,
            Guards guards,
            boolean explain,
            InUseRequest inUse) {
        return new ExpireChange(
                new Request(
                        CommandName.EXPIRE,
                        selection,
                        guards,
                        inUse,
                        explain,
                        PlanOptions.of(selection).withPolicy(policyText, archive)),
                policy,
                archive);
    }

    @Override
    public String verb() {
        return "delete images";
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        String name = repository.name();
        return Changes.planActions(
                planning,
                name,
                request.explain(),
                images -> LifecycleEvaluator.expireNow(
                        policy, images, planning.now(), planning.pins(name, images), archive));
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        return "Expire now: " + String.join(" and ", Changes.imageActs(planned)) + " in " + Changes.changing(planned)
                + " of " + planning.registry().describe() + "?";
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return Changes.carryOut(execution, planned);
    }
}
