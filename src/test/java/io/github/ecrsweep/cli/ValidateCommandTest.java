package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ecrsweep validate}, run whole with captured streams. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    static CliRunner.Run runWithInput(String stdin, String... args) {
        return CliRunner.create().stdin(stdin).run(args);
    }

    static CliRunner.Run run(String... args) {
        return CliRunner.create().run(args);
    }

    private static final String INVALID = """
            {
              "rules": [
                {
                  "rulePriority": 1,
                  "description": "Expire untagged images after 14 days",
                  "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14},
                  "action": {"type": "expire"}
                },
                {
                  "rulePriority": 2,
                  "description": "Keep five untagged images",
                  "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 5},
                  "action": {"type": "expire"}
                },
                {
                  "rulePriority": 3,
                  "selection": {"tagStatus": "tagged", "tagPatternList": ["a*b*c*d*e*f"], "countType": "imageCountMoreThan", "countNumber": 3},
                  "action": {"type": "expire"}
                }
              ]
            }
            """;

    @Test
    void everyBundledPolicyIsValid() throws IOException {
        List<String> args = new ArrayList<>(List.of("validate"));
        try (Stream<Path> files = Files.list(Path.of("examples/policies"))) {
            files.map(Path::toString).sorted().forEach(args::add);
        }

        CliRunner.Run r = run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out().lines()).hasSize(args.size() - 1).allMatch(l -> l.contains(": valid ("));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void twoUntaggedRulesAndFiveWildcardsAreBothReportedWithTheirLocations() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, INVALID);

        CliRunner.Run r = run("validate", file.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        file
                                + ":12:21: rules[1].selection.tagStatus: only one rule per storage class may select untagged images");
        assertThat(r.out())
                .contains(
                        file
                                + ":17:63: rules[2].selection.tagPatternList[0]: \"a*b*c*d*e*f\" has 5 wildcards; at most 4 are allowed");
        assertThat(r.out()).contains("1 of 1 file invalid, 2 problems");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonOutputListsTheProblemsPerFile() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, INVALID);

        CliRunner.Run r = run("validate", "-o", "json", bad.toString(), "examples/policies/aws-10-all-images-b.json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("valid").asBoolean()).isFalse();
        assertThat(doc.get("files")).hasSize(2);
        JsonNode first = doc.get("files").get(0);
        assertThat(first.get("valid").asBoolean()).isFalse();
        assertThat(first.get("problems")).hasSize(2);
        assertThat(first.get("problems").get(0).get("path").asText()).isEqualTo("rules[1].selection.tagStatus");
        assertThat(first.get("problems").get(0).get("line").asInt()).isEqualTo(12);
        JsonNode second = doc.get("files").get(1);
        assertThat(second.get("valid").asBoolean()).isTrue();
        assertThat(second.get("rules").asInt()).isEqualTo(3);
        assertThat(second.get("problems")).isEmpty();
    }

    @Test
    void csvOutputHasAHeaderAndOneRowPerProblem() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, INVALID);

        CliRunner.Run r = run("validate", "-o", "csv", bad.toString());

        assertThat(r.out().lines().toList()).hasSize(3);
        assertThat(r.out().lines().findFirst()).hasValue("file,valid,path,line,column,message");
        assertThat(r.out())
                .contains(
                        ",false,rules[2].selection.tagPatternList[0],17,63,\"\"\"a*b*c*d*e*f\"\" has 5 wildcards; at most 4 are allowed\"");
    }

    @Test
    void readsStandardInput() throws IOException {
        CliRunner.Run r =
                runWithInput(Files.readString(Path.of("examples/policies/keep-newest-10-prod.json")), "validate", "-");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("<stdin>: valid (1 rule)\n");
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() {
        CliRunner.Run r = runWithInput("{\"rules\": [\n  {\"rulePriority\": 1,,}\n]}", "validate", "-");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).startsWith("<stdin>:2:22: policy: not valid JSON: Unexpected character (',' (code 44))");
    }

    @Test
    void aMissingFileIsAUsageErrorOnOneLineWithoutStackTrace() {
        CliRunner.Run r = run("validate", "examples/policies/keep-newest-10-prod.json", "no-such-policy.json");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ecrsweep: cannot read policy file 'no-such-policy.json': no such file\n");
    }

    @Test
    void theStackTraceIsShownOnlyWhenAsked() {
        CliRunner.Run r = run("validate", "--stacktrace", "no-such-policy.json");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("ecrsweep: cannot read policy file 'no-such-policy.json': no such file\n");
        assertThat(r.err()).contains("at io.github.ecrsweep.");
    }

    @Test
    void noFileIsAUsageError() {
        CliRunner.Run r = run("validate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines())
                .containsExactly("ecrsweep: Missing required parameter: 'FILE' (see 'ecrsweep validate --help')");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRunner.Run r = run("validate", "--frobnicate", "x.json");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1).allMatch(l -> l.startsWith("ecrsweep: Unknown option: '--frobnicate'"));
    }

    @Test
    void helpListsTheExitCodes() {
        CliRunner.Run r = run("validate", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("Exit codes:")
                .contains("0   all files are valid")
                .contains("1   some file is invalid")
                .contains("2   usage error");
    }

    @Test
    void rootHelpListsTheCommandsAndExitCodes() {
        CliRunner.Run r = run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("validate")
                .contains("Exit codes:")
                .containsPattern("\\b3\\s+partial")
                .containsPattern("\\b143\\s+interrupted by SIGTERM");
    }

    @Test
    void versionPrintsTheVersion() {
        CliRunner.Run r = run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("ecrsweep ");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRunner.Run r = run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void helpCommandAndCompletionComeFromTheCommandModel() {
        CliRunner.Run help = run("help", "delete-untagged");
        CliRunner.Run completion = run("generate-completion");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .startsWith("Usage: ecrsweep delete-untagged")
                .contains("--orphaned-signatures")
                .contains("Exit codes:");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("delete-untagged")
                .contains("apply-all")
                .contains("--orphaned-signatures")
                .contains("complete -F");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "delete-untagged", "put-policy", "apply-all", "validate"})
    void everyCommandInheritsHelpAndVersion(String command) {
        assertThat(run(command, "--version").out()).startsWith("ecrsweep ");
        assertThat(run(command, "-h").out()).startsWith("Usage: ecrsweep " + command);
    }
}
