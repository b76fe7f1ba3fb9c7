package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ExitCode;
import io.github.ecrsweep.app.UserError;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.util.stream.Collectors;

/** A policy file read and validated with the same validator as {@code validate}; invalid means exit 2, nothing sent. */
record PolicyInput(String text, LifecyclePolicy policy) {

    static PolicyInput load(PolicySources sources, String file) {
        String text = sources.read(file);
        Validation v = PolicyJson.check(text);
        if (!v.isValid()) {
            // One line, every problem with its place: 'ecrsweep validate FILE' lists them one per line.
            String problems = v.problems().stream()
                    .map(p -> p.path() + (p.hasPosition() ? " (line " + p.line() + ", column " + p.column() + ")" : "")
                            + ": " + p.message())
                    .collect(Collectors.joining("; "));
            throw new UserError(
                    ExitCode.USAGE,
                    "invalid lifecycle policy '" + PolicySources.label(file) + "': " + problems + "; nothing was sent");
        }
        return new PolicyInput(text, v.policy().orElseThrow());
    }
}
