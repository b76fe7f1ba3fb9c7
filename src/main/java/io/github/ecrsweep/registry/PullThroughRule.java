package io.github.ecrsweep.registry;

/**
 * A pull-through cache rule: repositories under {@code prefix} are created by ECR on the first pull from
 * {@code upstream}.
 */
public record PullThroughRule(String prefix, String upstream) {

    /** Whether the rule created (or would create) a repository of this name. */
    public boolean created(String repository) {
        return repository.startsWith(prefix + "/");
    }
}
