package io.github.ecrsweep.cli;

import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.io.PrintWriter;

/** A policy file read and validated with the same validator as {@code validate}; invalid means exit 2, nothing sent. */
record PolicyInput(String text, LifecyclePolicy policy) {

    static PolicyInput load(PolicySources sources, String file, PrintWriter err) {
        String text = sources.read(file);
        Validation v = PolicyJson.check(text);
        if (!v.isValid()) {
            String label = "-".equals(file) ? "<stdin>" : file;
            for (Problem p : v.problems()) {
                err.println(label + (p.hasPosition() ? ":" + p.line() + ":" + p.column() : "") + ": " + p.path() + ": " + p.message());
            }
            int n = v.problems().size();
            throw new UserError(ExitCode.USAGE, "invalid lifecycle policy '" + label + "': " + n + (n == 1 ? " problem" : " problems")
                    + "; nothing was sent");
        }
        return new PolicyInput(text, v.policy().orElseThrow());
    }
}
