package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.util.List;
import java.util.Map;

/**
 * {@code copy-policy}: the lifecycle policy of one repository put on others, as {@code put-policy} would put it
 * (the difference, what it would expire now, unchanged ones left alone), read from the source in each target.
 *
 * @param from the repository whose policy is copied
 */
public record CopyPolicyChange(Request request, String from) implements Change {

    public static CopyPolicyChange of(
            String from, Selection selection, Guards guards, boolean explain, InUseRequest inUse) {
        Selection.checkName(from);
        return new CopyPolicyChange(new Request(CommandName.COPY_POLICY, selection, guards, inUse, explain), from);
    }

    @Override
    public String verb() {
        return "put the lifecycle policy";
    }

    /** The put of the source's policy in this target, read once. */
    private PutPolicyChange put(Planning planning) {
        return planning.remember(this, () -> {
            String text = planning.registry()
                    .getLifecyclePolicy(from)
                    .orElseThrow(() -> new UserError(
                            ExitCode.FAILED,
                            "repository '" + from + "' of "
                                    + planning.registry().describe() + " has no lifecycle policy to copy"));
            var validation = PolicyJson.check(text);
            var policy = validation
                    .policy()
                    .orElseThrow(() -> new UserError(
                            ExitCode.FAILED,
                            "the lifecycle policy of '" + from + "' is not one ECR would take now: "
                                    + Problem.oneLine(validation.problems())));
            return PutPolicyChange.of(
                    CommandName.COPY_POLICY,
                    request.selection(),
                    new PutPolicyChange.Desired(text, policy),
                    Map.of(),
                    request.guards(),
                    request.explain(),
                    request.inUse());
        });
    }

    /** The selected repositories but the source. */
    @Override
    public List<Repository> covers(Planning planning) {
        put(planning);
        return planning.select(request.selection()).stream()
                .filter(r -> !r.name().equals(from))
                .toList();
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        return put(planning).plan(planning, repository);
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        return "Copy the lifecycle policy of '" + from + "' to " + Changes.changing(planned) + " of "
                + planning.registry().describe() + "?";
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return Changes.notAttempted(execution, planned).orElseGet(() -> {
            execution
                    .registry()
                    .putLifecyclePolicy(planned.name(), planned.change().after());
            return planned.with(planned.status().done(), Map.of(), null);
        });
    }
}
