package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code delete-policy}: the rules that would go, the guards of every changing command, then the deletion. */
class DeletePolicyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGuardsHoldAndAConfirmedRunDeletesOnlyWhereThereIsAPolicy() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(Path.of("examples/registry.json"));
        CliRunner runner = CliRunner.create().registries(o -> registry);

        CliRunner.Run dry = runner.run("delete-policy", "--all", "--dry-run", "-o", "json");
        CliRunner.Run noYes = runner.run("delete-policy", "--all");
        CliRunner.Run none = runner.run("delete-policy");

        assertThat(dry.exitCode()).isZero();
        JsonNode plan = JSON.readTree(dry.out());
        assertThat(plan.get("repositories").get(0).get("status").asText()).isEqualTo("would-delete-policy");
        assertThat(plan.get("repositories")
                        .get(0)
                        .get("lifecyclePolicy")
                        .get("changes")
                        .get(0)
                        .get("change")
                        .asText())
                .isEqualTo("removed");
        assertThat(plan.get("repositories").get(1).get("status").asText()).isEqualTo("no-policy");
        assertThat(noYes.exitCode()).isEqualTo(1);
        assertThat(noYes.err()).contains("refusing to delete lifecycle policies without --yes");
        assertThat(none.exitCode()).as("no selection deletes nothing").isEqualTo(2);
        assertThat(registry.policyDeletions).isEmpty();

        CliRunner.Run done = runner.run("delete-policy", "--all", "--yes", "-o", "json");

        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(registry.policyDeletions).containsExactly("batch/worker");
        JsonNode result = JSON.readTree(done.out());
        assertThat(result.get("repositories").get(0).get("status").asText()).isEqualTo("policy-deleted");
        assertThat(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(Files.readString(Path.of("docs/report.schema.json")))
                        .validate(result))
                .isEmpty();
        assertThat(runner.run("delete-policy", "--all", "--yes").out())
                .contains("Policy: deleted from 0 repositories.")
                .contains("Nothing to do")
                .as("nothing left to delete");
    }
}
