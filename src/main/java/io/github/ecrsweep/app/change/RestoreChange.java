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
import io.github.ecrsweep.rules.RestoreSelection;
import java.util.List;

/**
 * {@code restore}: archived images of the selected repositories back to the standard storage class, an index with
 * its children and a subject with its referrers. Nothing is deleted; a restore is billed per GB retrieved, so it
 * has its own limit ({@code --max-restore}).
 */
public record RestoreChange(Request request, RestoreSelection rule) implements Change {

    public static RestoreChange of(Selection selection, RestoreSelection rule, Guards guards, boolean explain) {
        return new RestoreChange(
                new Request(
                        CommandName.RESTORE,
                        selection,
                        guards,
                        InUseRequest.none(),
                        explain,
                        PlanOptions.of(selection).withRestore(rule)),
                rule);
    }

    @Override
    public String verb() {
        return "restore images";
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        return Changes.planActions(
                planning, repository.name(), request.explain(), images -> rule.plan(images, planning.now()));
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        return "Restore " + Changes.images(Changes.count(planned, io.github.ecrsweep.rules.DecisionAction.RESTORE))
                + " from the archive in " + Changes.changing(planned) + " of "
                + planning.registry().describe()
                + "?";
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return Changes.carryOut(execution, planned);
    }
}
