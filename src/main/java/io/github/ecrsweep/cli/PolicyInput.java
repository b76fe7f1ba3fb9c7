package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.app.change.PutPolicyChange;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.json.PolicyDocument;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A policy file read and validated with the same validator as {@code validate}; invalid means exit 2, nothing sent. */
record PolicyInput(String text, LifecyclePolicy policy, Map<String, PutPolicyChange.Desired> byRepository) {

    /** Whether the file is a document of get-policy: a policy per repository. */
    boolean isDocument() {
        return !byRepository.isEmpty();
    }

    static PolicyInput load(PolicySources sources, String file) {
        String text = sources.read(file);
        Optional<List<PolicyDocument.Entry>> document = PolicyDocument.check(text);
        if (document.isPresent()) {
            return document(file, document.get());
        }
        return single(file, text);
    }

    /** Every policy of the document, each validated; one invalid policy refuses the whole document. */
    private static PolicyInput document(String file, List<PolicyDocument.Entry> entries) {
        Map<String, PutPolicyChange.Desired> byRepository = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (PolicyDocument.Entry e : entries) {
            Selection.checkName(e.repositoryName());
            if (byRepository.containsKey(e.repositoryName())) {
                problems.add("repository '" + e.repositoryName() + "' is listed twice");
                continue;
            }
            if (e.validation().isEmpty()) {
                byRepository.put(e.repositoryName(), new PutPolicyChange.Desired(null, null));
                continue;
            }
            Validation v = e.validation().get();
            if (v.isValid()) {
                byRepository.put(
                        e.repositoryName(),
                        new PutPolicyChange.Desired(e.text(), v.policy().orElseThrow()));
            } else {
                v.problems().forEach(p -> problems.add(p.toString()));
            }
        }
        if (!problems.isEmpty()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "invalid lifecycle policies in '" + PolicySources.label(file) + "': " + String.join("; ", problems)
                            + "; nothing was sent");
        }
        if (byRepository.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "'" + PolicySources.label(file) + "' names no repository");
        }
        return new PolicyInput(null, null, byRepository);
    }

    private static PolicyInput single(String file, String text) {
        Validation v = PolicyJson.check(text);
        if (!v.isValid()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "invalid lifecycle policy '" + PolicySources.label(file) + "': " + Problem.oneLine(v.problems())
                            + "; nothing was sent");
        }
        return new PolicyInput(text, v.policy().orElseThrow(), Map.of());
    }
}
