package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ExitCode;
import io.github.ecrsweep.report.ValidationReport;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.util.ArrayList;
import java.util.List;
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

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Policy files to check; - reads standard input.")
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
        ValidationReport report = ValidationReport.of(
                files.stream().map(PolicySources::label).toList(),
                texts.stream().map(PolicyJson::check).toList());
        output.print(spec.commandLine().getOut(), (format, out) -> report.write(format, out));
        return (report.valid() ? ExitCode.OK : ExitCode.FAILED).code();
    }
}
