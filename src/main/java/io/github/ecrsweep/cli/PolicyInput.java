package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.rules.LifecycleEvaluator;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.time.Instant;
import java.util.Map;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.json.PolicyJson;

/** A policy file read and validated with the same validator as {@code validate}; invalid means exit 2, nothing sent. */
record PolicyInput(String text, LifecyclePolicy policy) {

    /**
     * What putting this policy on a repository changes, and what the policy would act on now: the
     * kept images only counted unless {@code explain}.
     */
    RepositoryRun planFor(Registry registry, String repository, Instant now, boolean explain) {
        PolicyDiff.Result change = PolicyDiff.compare(registry.getLifecyclePolicy(repository), text);
        Plan plan = LifecycleEvaluator.evaluate(policy, registry.listImages(repository), now);
        return new RepositoryRun(repository, change.status().code(), explain ? plan : plan.withoutKept(), change, Map.of(), null);
    }

    /** Whether putting the policy changes anything for this planned repository. */
    static boolean changes(RepositoryRun run) {
        return run.change() != null && run.change().status() != PolicyDiff.Status.UNCHANGED;
    }

    static PolicyInput load(PolicySources sources, String file) {
        String text = sources.read(file);
        Validation v = PolicyJson.check(text);
        if (!v.isValid()) {
            // One line, every problem with its place: 'ecrsweep validate FILE' lists them one per line.
            String label = "-".equals(file) ? "<stdin>" : file;
            String problems = v.problems().stream()
                    .map(p -> p.path() + (p.hasPosition() ? " (line " + p.line() + ", column " + p.column() + ")" : "") + ": " + p.message())
                    .collect(java.util.stream.Collectors.joining("; "));
            throw new UserError(ExitCode.USAGE, "invalid lifecycle policy '" + label + "': " + problems + "; nothing was sent");
        }
        return new PolicyInput(text, v.policy().orElseThrow());
    }
}
