package io.github.ecrsweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrsweep.app.ExitCode;
import io.github.ecrsweep.report.Csv;
import io.github.ecrsweep.report.Markdown;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.io.IOException;
import java.io.PrintWriter;
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

    private record Result(String file, Validation validation) {}

    @Override
    public Integer call() {
        // Read every file first: an unreadable one is a usage error, reported before any result.
        List<String> texts = new ArrayList<>();
        for (String file : files) {
            texts.add(sources.read(file));
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String label = "-".equals(files.get(i)) ? "<stdin>" : files.get(i);
            results.add(new Result(label, PolicyJson.check(texts.get(i))));
        }
        output.print(spec.commandLine().getOut(), (format, out) -> {
            switch (format) {
                case json -> printJson(out, results);
                case csv -> printCsv(out, results);
                case markdown -> printMarkdown(out, results);
                default -> printText(out, results);
            }
        });
        boolean allValid = results.stream().allMatch(r -> r.validation().isValid());
        return (allValid ? ExitCode.OK : ExitCode.FAILED).code();
    }

    private static void printText(PrintWriter out, List<Result> results) {
        int invalid = 0;
        int problems = 0;
        for (Result r : results) {
            Validation v = r.validation();
            if (v.isValid()) {
                int rules = v.policy().orElseThrow().rules().size();
                out.println(Text.safe(r.file() + ": valid (" + rules + (rules == 1 ? " rule)" : " rules)")));
                continue;
            }
            invalid++;
            for (Problem p : v.problems()) {
                problems++;
                String where = p.hasPosition() ? r.file() + ":" + p.line() + ":" + p.column() : r.file();
                // Messages quote the file's own text (a pattern, a key): it never drives the terminal.
                out.println(Text.safe(where + ": " + p.path() + ": " + p.message()));
            }
        }
        if (invalid > 0) {
            out.println(invalid + " of " + results.size() + (results.size() == 1 ? " file" : " files") + " invalid, "
                    + problems + (problems == 1 ? " problem" : " problems"));
        }
    }

    private static void printMarkdown(PrintWriter out, List<Result> results) {
        for (Result r : results) {
            Validation v = r.validation();
            out.println("- " + Markdown.code(r.file()) + (v.isValid() ? ": valid" : ": invalid"));
            for (Problem p : v.problems()) {
                String where = p.hasPosition() ? p.line() + ":" + p.column() + " " : "";
                out.println("  - " + Markdown.code(where + p.path()) + ": " + Markdown.text(p.message()));
            }
        }
    }

    private static void printJson(PrintWriter out, List<Result> results) {
        ObjectMapper mapper = io.github.ecrsweep.report.ReportWriter.JSON;
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("valid", results.stream().allMatch(r -> r.validation().isValid()));
        ArrayNode files = root.putArray("files");
        for (Result r : results) {
            ObjectNode f = files.addObject();
            f.put("file", r.file());
            f.put("valid", r.validation().isValid());
            r.validation().policy().ifPresent(p -> f.put("rules", p.rules().size()));
            ArrayNode problems = f.putArray("problems");
            for (Problem p : r.validation().problems()) {
                ObjectNode o = problems.addObject();
                o.put("path", p.path());
                o.put("message", p.message());
                if (p.hasPosition()) {
                    o.put("line", p.line());
                    o.put("column", p.column());
                }
            }
        }
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void printCsv(PrintWriter out, List<Result> results) {
        out.println("file,valid,path,line,column,message");
        for (Result r : results) {
            if (r.validation().isValid()) {
                out.println(Csv.row(r.file(), "true", "", "", "", ""));
            }
            for (Problem p : r.validation().problems()) {
                out.println(Csv.row(
                        r.file(),
                        "false",
                        p.path(),
                        p.hasPosition() ? String.valueOf(p.line()) : "",
                        p.hasPosition() ? String.valueOf(p.column()) : "",
                        p.message()));
            }
        }
    }
}
