package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.util.List;
import java.util.Map;

/** {@code delete-policy}: the lifecycle policy of the selected repositories removed; images are not touched. */
public record DeletePolicyChange(Request request) implements Change {

    public static DeletePolicyChange of(Selection selection, Guards guards) {
        return new DeletePolicyChange(
                new Request(CommandName.DELETE_POLICY, selection, guards, InUseRequest.none(), false));
    }

    @Override
    public String verb() {
        return "delete lifecycle policies";
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        return planning.registry()
                .getLifecyclePolicy(repository.name())
                .map(text -> RepositoryResult.ofPolicy(repository.name(), PolicyDiff.removal(text), null))
                .orElseGet(() -> RepositoryResult.noPolicy(repository.name()));
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        return "Delete the lifecycle policy of " + Changes.changing(planned) + " of "
                + planning.registry().describe() + "?";
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return Changes.notAttempted(execution, planned).orElseGet(() -> {
            execution.registry().deleteLifecyclePolicy(planned.name());
            return planned.with(planned.status().done(), Map.of(), null);
        });
    }
}
