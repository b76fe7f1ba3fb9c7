package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.RepositoryPlanner;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.LifecycleEvaluator;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.json.PolicyDiff;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A policy file read and validated with the same validator as {@code validate}; invalid means exit 2, nothing sent. */
record PolicyInput(String text, LifecyclePolicy policy) {

    /**
     * What putting this policy on a repository changes, and what the policy would act on now: the
     * kept images only counted unless {@code explain}.
     */
    RepositoryRun planFor(Registry registry, String repository, Instant now, boolean explain) {
        PolicyDiff.Result change = PolicyDiff.compare(registry.getLifecyclePolicy(repository), text);
        Plan plan = RepositoryPlanner.plan(registry, repository, images -> LifecycleEvaluator.evaluate(policy, images, now)).plan();
        return new RepositoryRun(repository, RepositoryRun.Status.planned(change.status()), explain ? plan : plan.withoutKept(),
                change, Map.of(), null);
    }

    /** Puts the policy on a repository whose plan changes it; the result says what happened. */
    RepositoryRun put(Registry registry, RepositoryRun run) {
        if (!run.changes()) {
            return run;
        }
        try {
            registry.putLifecyclePolicy(run.name(), text);
            return run.with(run.status().done(), Map.of(), null);
        } catch (RegistryException e) {
            if (Fleet.isFatal(e)) {
                throw e;
            }
            return run.with(RepositoryRun.Status.FAILED, Map.of(), e.getMessage());
        }
    }

    /** The planned runs of every repository, one failing without stopping the others. */
    List<RepositoryRun> plan(Fleet fleet, Registry registry, List<String> repositories, Instant now, boolean explain) {
        return fleet.map("Planning", repositories, repository -> {
            try {
                return planFor(registry, repository, now, explain);
            } catch (RegistryException e) {
                if (Fleet.isFatal(e)) {
                    throw e;
                }
                return RepositoryRun.failed(repository, e.getMessage());
            }
        });
    }

    static PolicyInput load(PolicySources sources, String file) {
        String text = sources.read(file);
        Validation v = PolicyJson.check(text);
        if (!v.isValid()) {
            // One line, every problem with its place: 'ecrsweep validate FILE' lists them one per line.
            String label = "-".equals(file) ? "<stdin>" : file;
            String problems = v.problems().stream()
                    .map(p -> p.path() + (p.hasPosition() ? " (line " + p.line() + ", column " + p.column() + ")" : "") + ": " + p.message())
                    .collect(Collectors.joining("; "));
            throw new UserError(ExitCode.USAGE, "invalid lifecycle policy '" + label + "': " + problems + "; nothing was sent");
        }
        return new PolicyInput(text, v.policy().orElseThrow());
    }
}
