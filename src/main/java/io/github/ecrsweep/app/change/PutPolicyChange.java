package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.PlanOptions;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryPlanner;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.LifecycleEvaluator;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code put-policy} (one repository) and {@code apply-all} (many): a lifecycle policy put where it is not the
 * repository's already, with what it would expire or archive now. It never deletes an image: what the
 * preview shows is ECR's to do.
 *
 * @param byRepository with a document of get-policy, each repository's own policy; empty for one policy
 */
public record PutPolicyChange(Request request, Desired policy, Map<String, Desired> byRepository) implements Change {

    /**
     * One repository's policy as wanted.
     *
     * @param text   the text to put, or null when the repository should have no policy
     * @param policy the same, validated; null with {@code text}
     */
    public record Desired(String text, LifecyclePolicy policy) {}

    public PutPolicyChange {
        byRepository = Map.copyOf(byRepository);
    }

    /** @param command {@link CommandName#PUT_POLICY} or {@link CommandName#APPLY_ALL} */
    public static PutPolicyChange of(
            CommandName command,
            Selection selection,
            Desired policy,
            Map<String, Desired> byRepository,
            Guards guards,
            boolean explain,
            InUseRequest inUse) {
        return new PutPolicyChange(
                new Request(
                        command,
                        selection,
                        guards,
                        inUse,
                        explain,
                        PlanOptions.of(selection).withPolicy(byRepository.isEmpty() ? policy.text() : null, null)),
                policy,
                byRepository);
    }

    /** What the repository should have: the one policy, or its own from the document; null when not in it. */
    public Desired desired(String repository) {
        return byRepository.isEmpty() ? policy : byRepository.get(repository);
    }

    @Override
    public String verb() {
        return "put the lifecycle policy";
    }

    /** The selected repositories; with a document of get-policy, those it names. */
    @Override
    public List<Repository> covers(Planning planning) {
        return planning.select(request.selection()).stream()
                .filter(r -> desired(r.name()) != null)
                .toList();
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        String name = repository.name();
        Desired desired = desired(name);
        Optional<String> current = planning.registry().getLifecyclePolicy(name);
        if (desired.text() == null) {
            return current.map(text -> new RepositoryResult(
                            name, RepositoryStatus.EXTRA_POLICY, null, PolicyDiff.removal(text), Map.of(), null))
                    .orElseGet(() -> RepositoryResult.noPolicy(name));
        }
        PolicyDiff.Result change = PolicyDiff.compare(current, desired.text());
        Plan full = RepositoryPlanner.plan(
                        planning.registry(),
                        name,
                        images -> LifecycleEvaluator.evaluate(
                                desired.policy(), images, planning.now(), planning.pins(name, images)))
                .plan();
        return RepositoryResult.ofPolicy(name, change, request.explain() ? full : full.withoutKept());
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        int expire = Changes.count(planned, DecisionAction.EXPIRE);
        String target = request.selection().names().size() == 1 && planned.size() == 1
                ? "'" + planned.get(0).name() + "' in "
                : Changes.changing(planned) + " of ";
        return "Put the lifecycle policy on " + target + planning.registry().describe() + "?"
                + (expire > 0 ? " It would expire " + Changes.images(expire) + " now." : "");
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return Changes.notAttempted(execution, planned).orElseGet(() -> {
            execution
                    .registry()
                    .putLifecyclePolicy(planned.name(), desired(planned.name()).text());
            return planned.with(planned.status().done(), Map.of(), null);
        });
    }
}
