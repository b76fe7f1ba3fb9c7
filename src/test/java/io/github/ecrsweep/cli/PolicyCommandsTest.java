package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code put-policy} and {@code apply-all}, whole. */
class PolicyCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String E10 = "examples/policies/aws-10-all-images-b.json";
    private static final String NOW = "2026-06-15T12:00:00Z";
    private static final Path REGISTRY = Path.of("examples/registry.json");

    @TempDir
    Path dir;

    private static Map<String, JsonNode> actions(JsonNode repository) {
        Map<String, JsonNode> m = new HashMap<>();
        repository.get("images").forEach(i -> m.put(i.get("imageDigest").asText(), i));
        return m;
    }

    private static String digest(String name) {
        return TestImages.digestOf(name).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"e10-describe-images-cli-v1.json", "e10-describe-images-cli-v2.json"})
    void putPolicyListsExactlyWhatThePolicyWouldExpireWithRulePriorities(String snapshot) throws Exception {
        CliRunner.Run r = CliRunner.create()
                .run(
                        "put-policy",
                        "-r",
                        "examples/e10",
                        "--policy",
                        E10,
                        "--snapshot",
                        "src/test/resources/snapshots/" + snapshot,
                        "--now",
                        NOW,
                        "--dry-run",
                        "-o",
                        "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("dryRun").asBoolean()).isTrue();
        assertThat(doc.get("evaluatedAt").asText()).isEqualTo(NOW);
        JsonNode repo = doc.get("repositories").get(0);
        assertThat(repo.get("repositoryName").asText()).isEqualTo("examples/e10");
        assertThat(repo.get("lifecyclePolicy").get("status").asText())
                .as("a plan speaks of the future")
                .isEqualTo("would-create");
        assertThat(repo.get("status").asText()).isEqualTo("would-create");
        Map<String, JsonNode> acted = actions(repo);
        assertThat(acted).containsOnlyKeys(digest("A"), digest("B"), digest("D"));
        assertThat(acted.get(digest("A")).get("rulePriority").asInt()).isEqualTo(1);
        assertThat(acted.get(digest("B")).get("rulePriority").asInt()).isEqualTo(2);
        assertThat(acted.get(digest("D")).get("rulePriority").asInt()).isEqualTo(3);
        assertThat(acted.values()).allMatch(i -> i.get("action").asText().equals("expire"));
        assertThat(doc.get("summary").get("expire").asInt()).isEqualTo(3);
    }

    @Test
    void applyAllDoesTheSameForEveryRepositoryInTheSnapshots() throws Exception {
        CliRunner.Run r = CliRunner.create()
                .run(
                        "apply-all",
                        "--policy",
                        E10,
                        "--snapshot",
                        "src/test/resources/snapshots/e10-describe-images-cli-v2.json",
                        "--snapshot",
                        "src/test/resources/snapshots/other-describe-images.json",
                        "--now",
                        NOW,
                        "--dry-run",
                        "-o",
                        "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode repos = JSON.readTree(r.out()).get("repositories");
        assertThat(repos).hasSize(2);
        assertThat(repos.get(0).get("repositoryName").asText()).isEqualTo("examples/e10");
        assertThat(actions(repos.get(0))).containsOnlyKeys(digest("A"), digest("B"), digest("D"));
        // other: rule 2 expires both untagged images (older than a day); rule 3 keeps the newest image of
        // all, the 2-day-old untagged one already claimed by rule 2, so it expires both prod images.
        assertThat(repos.get(1).get("repositoryName").asText()).isEqualTo("examples/other");
        Map<String, JsonNode> other = actions(repos.get(1));
        assertThat(other).containsOnlyKeys(digest("other-0"), digest("other-1"), digest("other-2"), digest("other-3"));
        assertThat(other.get(digest("other-2")).get("rulePriority").asInt()).isEqualTo(2);
        assertThat(other.get(digest("other-3")).get("rulePriority").asInt()).isEqualTo(2);
        assertThat(other.get(digest("other-0")).get("rulePriority").asInt()).isEqualTo(3);
        assertThat(other.get(digest("other-1")).get("rulePriority").asInt()).isEqualTo(3);
    }

    @Test
    void anInvalidPolicyExitsTwoAndSendsNothing() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Path bad = dir.resolve("bad.json");
        Files.writeString(
                bad,
                "{\"rules\":[{\"rulePriority\":1,\"description\":\"padding padding padding padding padding padding\","
                        + "\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePulled\",\"countUnit\":\"days\",\"countNumber\":3},"
                        + "\"action\":{\"type\":\"expire\"}}]}");

        for (String command : new String[] {"put-policy", "apply-all"}) {
            CliRunner.Run r = command.equals("put-policy")
                    ? CliRunner.create()
                            .registries(o -> registry)
                            .run(command, "-r", "platform/web", "--policy", bad.toString(), "--yes")
                    : CliRunner.create().registries(o -> registry).run(command, "--policy", bad.toString(), "--yes");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err().lines()).hasSize(1);
            assertThat(r.err())
                    .startsWith(
                            "ecrsweep: invalid lifecycle policy '" + bad + "': rules[0].action.type (line 1, column ")
                    .contains("expire is not allowed with countType sinceImagePulled")
                    .endsWith("; nothing was sent\n");
        }
        assertThat(registry.calls).isZero();
    }

    @Test
    void anUnchangedPolicyIsNotPutAgainWhateverItsLayout() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        JsonNode current = JSON.readTree(registry.policies.get("batch/worker"));
        // the same rules in the other order, keys reordered, pretty-printed
        com.fasterxml.jackson.databind.node.ArrayNode reversed = JSON.createArrayNode();
        for (int i = current.get("rules").size() - 1; i >= 0; i--) {
            reversed.add(current.get("rules").get(i));
        }
        Path same = dir.resolve("same.json");
        Files.writeString(
                same,
                JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(JSON.createObjectNode().set("rules", reversed)));

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .run("put-policy", "-r", "batch/worker", "--policy", same.toString(), "--yes");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("batch/worker: lifecycle policy unchanged");
        assertThat(registry.puts).isEmpty();
    }

    @Test
    void putPolicyShowsTheDifferenceThenPutsWithYes() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        String current = registry.policies.get("batch/worker");
        Path changed = dir.resolve("changed.json");
        Files.writeString(changed, current.replace("\"countNumber\": 5", "\"countNumber\": 3"));

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .run("put-policy", "-r", "batch/worker", "--policy", changed.toString(), "--yes");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("batch/worker: lifecycle policy updated")
                .contains("~ rule 1: selection.countNumber: 5 -> 3");
        assertThat(registry.puts).containsExactly("batch/worker");
        assertThat(registry.policies.get("batch/worker")).isEqualTo(Files.readString(changed));
    }

    @Test
    void putPolicyWithoutATerminalAndWithoutYesRefuses() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .run(
                        "put-policy",
                        "-r",
                        "platform/web",
                        "--policy",
                        "examples/policies/expire-untagged-after-14-days.json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("ecrsweep: refusing to put the lifecycle policy without --yes");
        assertThat(r.out()).contains("platform/web: lifecycle policy would be created");
        assertThat(registry.puts).isEmpty();
    }

    @Test
    void applyAllGoesOnPastAFailedRepositoryAndExitsThree() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        registry.putFailures.put(
                "platform/api",
                new RegistryException(
                        RegistryException.Kind.ACCESS_DENIED,
                        "platform/api",
                        "PutLifecyclePolicy",
                        "AccessDeniedException",
                        "access denied: the credentials may not call ecr:PutLifecyclePolicy on repository 'platform/api' (AccessDeniedException)",
                        null));

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .run(
                        "apply-all",
                        "--policy",
                        "examples/policies/expire-untagged-after-14-days.json",
                        "--yes",
                        "-o",
                        "json");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        JsonNode repos = JSON.readTree(r.out()).get("repositories");
        Map<String, String> status = new HashMap<>();
        Map<String, JsonNode> byName = new HashMap<>();
        repos.forEach(x ->
                status.put(x.get("repositoryName").asText(), x.get("status").asText()));
        repos.forEach(x -> byName.put(x.get("repositoryName").asText(), x));
        assertThat(status)
                .containsEntry("platform/api", "failed")
                .containsEntry("platform/web", "created")
                .containsEntry("batch/worker", "updated")
                .containsEntry("tools/ci-runner", "created");
        assertThat(byName.get("platform/api").get("error").asText()).contains("ecr:PutLifecyclePolicy");
        assertThat(registry.puts).containsExactlyInAnyOrder("platform/web", "batch/worker", "tools/ci-runner");
    }

    @Test
    void applyAllSelectsWithGlobsAndSaysWhatItWouldDo() {
        CliRunner.Run r = CliRunner.create()
                .run(
                        "apply-all",
                        "--policy",
                        "examples/policies/expire-untagged-after-14-days.json",
                        "--snapshot",
                        REGISTRY.toString(),
                        "--include",
                        "platform/*",
                        "--exclude",
                        "*/api");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("platform/web: lifecycle policy would be created")
                .contains("+ rule 1: expire untagged images pushed more than 14 days ago")
                .doesNotContain("platform/api")
                .doesNotContain("batch/worker")
                .contains("Dry run: nothing was changed.");
    }

    @org.junit.jupiter.api.Test
    void aDocumentThatNamesARepositoryTwiceIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String policy = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
        java.nio.file.Path document = java.nio.file.Files.writeString(
                dir.resolve("policies.json"),
                "{\"kind\":\"ecrsweep-lifecycle-policies\",\"repositories\":[{\"repositoryName\":\"platform/web\","
                        + "\"lifecyclePolicy\":" + policy
                        + "},{\"repositoryName\":\"platform/web\",\"lifecyclePolicy\":null}]}");

        CliRunner.Run r = CliRunner.create()
                .run("apply-all", "--policy", document.toString(), "--snapshot", "examples/registry.json");

        org.assertj.core.api.Assertions.assertThat(r.exitCode()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(r.err()).contains("repository 'platform/web' is listed twice");
    }
}
