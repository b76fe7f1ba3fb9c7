package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code get-policy}, and {@code validate} reading its document back. */
class GetPolicyCommandTest {

    private static final String REGISTRY = "examples/registry.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTableSaysEachRuleInWordsAndTheDocumentFollowsItsSchema() throws Exception {
        CliRunner.Run table = CliRunner.create().run("get-policy", "--snapshot", REGISTRY);
        CliRunner.Run json = CliRunner.create().run("get-policy", "--snapshot", REGISTRY, "-o", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("batch/worker     1     expire tagged images matching *.*.* beyond the 5 newest")
                .contains("platform/web     -     no lifecycle policy")
                .contains("4 repositories: 1 with a lifecycle policy, 3 without.");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("docs/policies.schema.json")));
        JsonNode doc = JSON.readTree(json.out());
        assertThat(schema.validate(doc)).as(json.out()).isEmpty();
        assertThat(doc.get("repositories").get(0).get("lifecyclePolicy").get("rules"))
                .hasSize(2);
        assertThat(doc.get("repositories").get(1).get("lifecyclePolicy").isNull())
                .isTrue();
    }

    @Test
    void textPrintsOnePolicyThatValidatesAndNoPolicyIsOneLine(@TempDir Path dir) throws Exception {
        CliRunner.Run text =
                CliRunner.create().run("get-policy", "--snapshot", REGISTRY, "-r", "batch/worker", "--text");
        CliRunner.Run none =
                CliRunner.create().run("get-policy", "--snapshot", REGISTRY, "-r", "platform/web", "--text");
        CliRunner.Run many = CliRunner.create().run("get-policy", "--snapshot", REGISTRY, "--all", "--text");

        assertThat(text.exitCode()).as(text.err()).isZero();
        Path file = dir.resolve("worker.json");
        Files.writeString(file, text.out());
        assertThat(CliRunner.create().run("validate", file.toString()).out()).contains("valid (2 rules)");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err())
                .isEqualTo("ecrsweep: repository 'platform/web' in snapshot examples/registry.json of account"
                        + " 123456789012 (eu-west-1) has no lifecycle policy\n");
        assertThat(many.exitCode()).isEqualTo(2);
    }

    @Test
    void validateChecksADocumentPolicyByPolicyWithTheirPaths(@TempDir Path dir) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(CliRunner.create()
                .run("get-policy", "--snapshot", REGISTRY, "-o", "json")
                .out());
        Path valid = dir.resolve("policies.json");
        Files.writeString(valid, doc.toString());
        ((ObjectNode) doc.get("repositories")
                        .get(0)
                        .get("lifecyclePolicy")
                        .get("rules")
                        .get(0)
                        .get("selection"))
                .put("countNumber", 0);
        Path invalid = dir.resolve("broken.json");
        Files.writeString(invalid, doc.toString());

        CliRunner.Run ok = CliRunner.create().run("validate", valid.toString());
        CliRunner.Run bad = CliRunner.create().run("validate", invalid.toString());

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains(valid + " (batch/worker): valid (2 rules)");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out())
                .contains(invalid + " (batch/worker): repositories[0].lifecyclePolicy.rules[0].selection.countNumber:"
                        + " must be at least 1, found 0");
    }
}
