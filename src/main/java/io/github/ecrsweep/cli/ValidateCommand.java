package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.ValidationReport;
import io.github.ecrsweep.rules.json.PolicyDocument;
import io.github.ecrsweep.rules.json.PolicyJson;
import io.github.ecrsweep.rules.json.RuleFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecrsweep validate}: checks lifecycle policy files offline, with every problem and its location. */
@Command(
        name = "validate",
        description = "Check lifecycle policy files offline against every constraint ECR enforces, and ecrsweep rule"
                + " files (YAML, or JSON with kind ecrsweep-rules) against theirs, and print each problem with its location"
                + " (file:line:column: path: message). No AWS account is needed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:all files are valid",
            "1:some file is invalid",
            "2:usage error: no file given, a file cannot be read, or a bad option"
        },
        footer = {
            "%nExamples:",
            "  ecrsweep validate examples/policies/*.json",
            "  cat policy.json | ecrsweep validate -",
            "  ecrsweep validate -o json policy.json | jq '.files[].problems'"
        })
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(
            paramLabel = "FILE",
            arity = "1..*",
            description = "Policy files, rule files, or documents of 'get-policy -o json' (each policy checked under"
                    + " its repository's name); - reads standard input.")
    List<String> files;

    private final PolicySources sources;

    ValidateCommand(Context context) {
        this(context.policies());
    }

    ValidateCommand(PolicySources sources) {
        this.sources = sources;
    }

    @Override
    public Integer call() {
        // Read every file first: an unreadable one is a usage error, reported before any result.
        List<String> texts = new ArrayList<>();
        for (String file : files) {
            texts.add(sources.read(file));
        }
        // A rule file is checked as one; a document of get-policy -o json policy by policy, each under its
        // repository's name; anything else as one policy.
        List<ValidationReport.Checked> checked = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String label = PolicySources.label(files.get(i));
            String text = texts.get(i);
            if (RuleFile.isRuleFile(files.get(i), text)) {
                RuleFile.Check check = RuleFile.check(text);
                checked.add(new ValidationReport.Checked(
                        label,
                        check.problems(),
                        check.file().map(f -> f.rules().ruleCount()).orElse(null)));
                continue;
            }
            Optional<List<PolicyDocument.Entry>> document = PolicyDocument.check(text);
            if (document.isEmpty()) {
                checked.add(ValidationReport.Checked.policy(label, PolicyJson.check(text)));
                continue;
            }
            for (PolicyDocument.Entry e : document.get()) {
                e.validation()
                        .ifPresent(v -> checked.add(
                                ValidationReport.Checked.policy(label + " (" + e.repositoryName() + ")", v)));
            }
        }
        ValidationReport report = ValidationReport.of(checked);
        output.print(spec.commandLine().getOut(), (format, out) -> report.write(format, out));
        return (report.valid() ? ExitCode.OK : ExitCode.FAILED).code();
    }
}
