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

    @Test
    void aDocumentOfGetPolicyIsTheWantedStateRepositoryByRepository(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(Path.of("examples/registry.json"));
        CliRunner runner = CliRunner.create().registries(o -> registry);
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(runner.run("get-policy", "-o", "json").out());
        Path same = dir.resolve("same.json");
        java.nio.file.Files.writeString(same, doc.toString());

        CliRunner.Run noDrift = runner.run("apply-all", "--policy", same.toString(), "--check");

        assertThat(noDrift.exitCode()).as(noDrift.err()).isZero();
        // Wanted instead: the example policy on platform/web, and no policy on batch/worker.
        com.fasterxml.jackson.databind.node.ArrayNode repositories =
                (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("repositories");
        for (JsonNode r : repositories) {
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) r;
            switch (r.get("repositoryName").asText()) {
                case "batch/worker" -> o.putNull("lifecyclePolicy");
                case "platform/web" ->
                    o.set("lifecyclePolicy", json.readTree(java.nio.file.Files.readString(Path.of(POLICY))));
                default -> {}
            }
        }
        Path wanted = dir.resolve("wanted.json");
        java.nio.file.Files.writeString(wanted, doc.toString());

        CliRunner.Run drift = runner.run("apply-all", "--policy", wanted.toString(), "--check", "-o", "json");
        CliRunner.Run apply = runner.run("apply-all", "--policy", wanted.toString(), "--yes", "-o", "json");
        CliRunner.Run single = runner.run("put-policy", "-r", "platform/web", "--policy", wanted.toString());

        assertThat(drift.exitCode()).isEqualTo(1);
        assertThat(drift.err())
                .contains("drift: 2 of 4 repositories differ from the policy (1 without a policy, 0 with another one,"
                        + " 1 with one they should not have)");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(registry.puts).containsExactly("platform/web");
        assertThat(registry.getLifecyclePolicy("batch/worker"))
                .as("apply-all never deletes a policy")
                .isPresent();
        JsonNode result = json.readTree(apply.out());
        assertThat(result.get("repositories").findValuesAsText("status")).contains("created", "extra-policy");
        assertThat(single.exitCode()).isEqualTo(2);
        assertThat(single.err()).contains("apply-all --policy reads it");
    }

    @Test
    void aCheckShowsTheDriftAndCountsTheImagesListingThemOnlyWhenAsked() {
        MemoryRegistry registry = MemoryRegistry.of(Path.of("examples/registry.json"));
        CliRunner runner = CliRunner.create().registries(o -> registry);

        CliRunner.Run check = runner.run("apply-all", "--policy", POLICY, "--check");
        CliRunner.Run shown = runner.run("apply-all", "--policy", POLICY, "--check", "--show-images");
        CliRunner.Run markdown = runner.run("apply-all", "--policy", POLICY, "--check", "-o", "markdown");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out())
                .contains("platform/web: lifecycle policy would be created")
                .contains("~ rule 1: selection.countType: \"imageCountMoreThan\" -> \"sinceImagePushed\"")
                .containsPattern(
                        "Plan: expire ([0-9]+) images[^\\n]*\\n(.*\\n)*\\1 image rows not shown: --show-images \\(or -v\\) lists them.")
                .doesNotContain("REPOSITORY  ");
        assertThat(shown.out())
                .contains("REPOSITORY")
                .contains("since-image-pushed")
                .doesNotContain("not shown");
        assertThat(markdown.out()).contains(" image rows not shown").doesNotContain("| REPOSITORY");
    }
}
