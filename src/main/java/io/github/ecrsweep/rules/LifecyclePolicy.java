package io.github.ecrsweep.rules;

import java.util.Comparator;
import java.util.List;

/** A valid lifecycle policy; its rules are kept in priority order. Build one through {@link PolicyValidator}. */
public record LifecyclePolicy(List<Rule> rules) {

    public LifecyclePolicy {
        rules = rules.stream()
                .sorted(Comparator.comparingInt(Rule::rulePriority))
                .toList();
    }
}
