package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code apply-all --check}: drift is reported per repository and exits 1; no drift exits 0; nothing changes. */
class DriftCheckTest {

    private static final String POLICY = "examples/policies/expire-untagged-after-14-days.json";

    @Test
    void driftExitsOneWithEachRepositorysDifferenceAndNoDriftExitsZero() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(Path.of("examples/registry.json"));
        CliRunner runner = CliRunner.create().registries(o -> registry);

        CliRunner.Run drift = runner.run("apply-all", "--policy", POLICY, "--check", "--yes", "-o", "json");

        assertThat(drift.exitCode()).isEqualTo(1);
        assertThat(registry.puts).as("--check changes nothing, even with --yes").isEmpty();
        assertThat(drift.err())
                .isEqualTo("ecrsweep: drift: 4 of 4 repositories differ from the policy (3 without a policy,"
                        + " 1 with another one); nothing was changed\n");
        JsonNode doc = new ObjectMapper().readTree(drift.out());
        assertThat(doc.get("dryRun").asBoolean()).isTrue();
        for (JsonNode r : doc.get("repositories")) {
            assertThat(r.get("lifecyclePolicy").get("status").asText()).isIn("would-create", "would-update");
            assertThat(r.get("lifecyclePolicy").get("changes")).isNotEmpty();
        }

        assertThat(runner.run("apply-all", "--policy", POLICY, "--yes").exitCode())
                .isZero();
        CliRunner.Run clean = runner.run("apply-all", "--policy", POLICY, "--check");

        assertThat(clean.exitCode()).as(clean.err()).isZero();
        assertThat(clean.err()).isEmpty();
        assertThat(registry.puts).hasSize(4);
    }
}
