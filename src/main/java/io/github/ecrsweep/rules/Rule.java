package io.github.ecrsweep.rules;

import java.util.Objects;

/** One lifecycle rule. Lower {@code rulePriority} values are applied first. */
public record Rule(int rulePriority, String description, Selection selection, Action action) {

    public Rule {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(action, "action");
    }
}
