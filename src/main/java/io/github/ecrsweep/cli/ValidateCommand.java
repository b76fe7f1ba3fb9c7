package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ExitCode;
import io.github.ecrsweep.report.ValidationReport;
import io.github.ecrsweep.rules.PolicyValidator;
import io.github.ecrsweep.rules.json.PolicyDocument;
import io.github.ecrsweep.rules.json.PolicyJson;
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
        description = "Check lifecycle policy files offline against every constraint ECR enforces, and print each"
                + " problem with its location (file:line:column: JSON path: message). No AWS account is needed.",
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
            description = "Policy files to check, or documents of 'get-policy -o json' (each policy checked under its"
                    + " repository's name); - reads standard input.")
    List<String> files;

    private final PolicySources sources;

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
        // A document of get-policy -o json is checked policy by policy, each under its repository's name.
        List<String> labels = new ArrayList<>();
        List<PolicyValidator.Validation> validations = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String label = PolicySources.label(files.get(i));
            Optional<List<PolicyDocument.Entry>> document = PolicyDocument.check(texts.get(i));
            if (document.isEmpty()) {
                labels.add(label);
                validations.add(PolicyJson.check(texts.get(i)));
                continue;
            }
            for (PolicyDocument.Entry e : document.get()) {
                e.validation().ifPresent(v -> {
                    labels.add(label + " (" + e.repositoryName() + ")");
                    validations.add(v);
                });
            }
        }
        ValidationReport report = ValidationReport.of(labels, validations);
        output.print(spec.commandLine().getOut(), (format, out) -> report.write(format, out));
        return (report.valid() ? ExitCode.OK : ExitCode.FAILED).code();
    }
}
