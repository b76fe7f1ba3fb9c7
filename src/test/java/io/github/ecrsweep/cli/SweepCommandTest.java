package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecrsweep sweep} and rule files in {@code validate}, whole, on the bundled registry. */
class SweepCommandTest {

    private static final String REGISTRY = "examples/registry.json";
    private static final String RELEASE_LINES = "examples/rules/release-lines.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String digest(String name) {
        return "sha256:"
                + io.github.ecrsweep.rules.TestImages.digestOf("ecrsweep-example/" + name)
                        .hex();
    }

    private static Map<String, JsonNode> images(JsonNode doc) {
        Map<String, JsonNode> m = new HashMap<>();
        doc.get("repositories")
                .forEach(r ->
                        r.get("images").forEach(i -> m.put(i.get("imageDigest").asText(), i)));
        return m;
    }

    private static CliRunner.Run sweep(String rules, String... more) {
        List<String> args = new java.util.ArrayList<>(
                List.of("sweep", "--rules", rules, "--snapshot", REGISTRY, "-o", "json", "--explain"));
        args.addAll(List.of(more));
        return CliRunner.create().run(args.toArray(String[]::new));
    }

    @Test
    void theReleaseLinesExamplePlansByItsRulesOnlyInTheRepositoriesItCovers() throws Exception {
        CliRunner.Run r = sweep(RELEASE_LINES);

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("command").asText()).isEqualTo("sweep");
        List<String> names = doc.get("repositories").findValuesAsText("repositoryName");
        assertThat(names).containsExactlyInAnyOrder("batch/worker", "platform/api", "platform/web");
        Map<String, JsonNode> d = images(doc);
        JsonNode worker300 = d.values().stream()
                .filter(i -> i.get("imageTags").toString().contains("\"3.0.0\""))
                .findFirst()
                .orElseThrow();
        assertThat(worker300.get("action").asText()).isEqualTo("delete");
        assertThat(worker300.get("rulePriority").asInt()).isEqualTo(2);
        JsonNode web231 = d.values().stream()
                .filter(i -> i.get("imageTags").toString().contains("\"v2.3.1\""))
                .findFirst()
                .orElseThrow();
        assertThat(web231.get("reason").asText()).isEqualTo("pulled-recently");
        JsonNode prod = d.values().stream()
                .filter(i -> i.get("imageTags").toString().contains("\"prod\""))
                .findFirst()
                .orElseThrow();
        assertThat(prod.get("action").asText()).isEqualTo("keep");
        assertThat(doc.get("summary").get("delete").asInt()).isEqualTo(13);
    }

    @Test
    void theReadmeShowsTheRealOutputOfTheReleaseLinesExample() throws Exception {
        String command = "$ ecrsweep sweep --rules " + RELEASE_LINES + " --snapshot " + REGISTRY + "\n";
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf(command);
        assertThat(from).as("the README shows the example").isPositive();
        String shown = readme.substring(from + command.length(), readme.indexOf("```", from));

        CliRunner.Run r = CliRunner.create().run("sweep", "--rules", RELEASE_LINES, "--snapshot", REGISTRY);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(shown).isEqualTo(r.out() + r.err());
    }

    @Test
    void inUseSourcesDeclaredInTheFileAreReadRelativeToIt() throws Exception {
        Files.writeString(dir.resolve("pins.txt"), Files.readString(Path.of("examples/in-use/pins.txt")));
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                kind: ecrsweep-rules
                version: 1
                inUse:
                  pinFiles: [pins.txt]
                repositories:
                  - match: "platform/*"
                    rules:
                      - tagStatus: any
                        olderThan: 1d
                """);

        CliRunner.Run r = sweep(rules.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        Map<String, JsonNode> d = images(doc);
        JsonNode rollback = d.get("sha256:07cb6be785869064e0524c4579c2c92b03cf7c043abef98966ba5e6355d198a4");
        assertThat(rollback.get("reason").asText()).isEqualTo("in-use");
        assertThat(rollback.get("inUse").get(0).asText()).contains("pins.txt:2");
        assertThat(doc.get("summary").get("keptInUse").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anInvalidRuleFileStopsTheRunWithOneLocatedLine() throws Exception {
        Path rules = dir.resolve("bad.yaml");
        Files.writeString(rules, """
                kind: ecrsweep-rules
                version: 1
                repositories:
                  - match: "*"
                    rules:
                      - tagRegex: '^(v'
                        olderThan: 1d
                """);

        CliRunner.Run r = sweep(rules.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err())
                .contains("invalid rule file '" + rules + "': repositories[0].rules[0].tagRegex (line 6, column 9):"
                        + " is not a regular expression");
    }

    @Test
    void aFileThatCoversNoSelectedRepositorySaysSo() {
        CliRunner.Run r = sweep(RELEASE_LINES, "--include", "tools/*");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("no block of " + RELEASE_LINES + " covers any of the 1 selected repository");
    }

    @Test
    void validateChecksRuleFilesBesidePolicies() throws Exception {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(
                bad, "kind: ecrsweep-rules\nversion: 1\nrepositories:\n  - match: '*'\n    rules: [{keep: x}]\n");

        CliRunner.Run r = CliRunner.create()
                .run("validate", RELEASE_LINES, bad.toString(), "examples/policies/aws-04-filter-on-image-count.json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out())
                .contains(RELEASE_LINES + ": valid (3 rules)")
                .contains(bad + ":5:14: repositories[0].rules[0].keep: must be an integer, found the string \"x\"")
                .contains("aws-04-filter-on-image-count.json: valid (1 rule)");
    }
}
