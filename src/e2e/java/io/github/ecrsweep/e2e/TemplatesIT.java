package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryCreationTemplate;

/**
 * Repository creation templates against the emulator (its templates and pull-through cache rules follow the ECR
 * API reference, which moto lacks): listed with the repositories under them, put through the plan with a preview,
 * drift told by --check, a template changed since the plan left alone.
 */
@ExtendWith(EcrEmulator.class)
class TemplatesIT {

    private static final String POLICY = "examples/policies/expire-untagged-after-14-days.json";

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
        Seed seed = new Seed();
        seed.image("team-a/web", "old-untagged", EndToEndIT.daysAgo(30));
        seed.image("team-a/web", "release", EndToEndIT.daysAgo(30), "v1");
        seed.image("other", "o1", EndToEndIT.daysAgo(30));
        seed.repository("docker-hub/library/nginx");
        ecr.seed(seed);
        try (EcrClient client = ecr.client()) {
            client.createPullThroughCacheRule(
                    r -> r.ecrRepositoryPrefix("docker-hub").upstreamRegistryUrl("registry-1.docker.io"));
        }
    }

    private List<RepositoryCreationTemplate> templates() {
        try (EcrClient client = ecr.client()) {
            return client.describeRepositoryCreationTemplates(r -> {}).repositoryCreationTemplates();
        }
    }

    private String policy() throws Exception {
        return Files.readString(Path.of(POLICY).toAbsolutePath());
    }

    @Test
    void aTemplateIsPreviewedPutListedAndCheckedForDrift() throws Exception {
        String policy = Path.of(POLICY).toAbsolutePath().toString();
        JarProcess.Result dry = ecr.ecrsweep(
                home,
                "put-template",
                "--prefix",
                "team-a",
                "--applied-for",
                "CREATE_ON_PUSH",
                "--policy",
                policy,
                "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.err()).contains("on the 1 repository under it now, its lifecycle policy would expire 1 image");
        assertThat(dry.out()).contains("Template 'team-a': would be created.");
        assertThat(templates()).isEmpty();

        JarProcess.Result put = ecr.ecrsweep(
                home,
                "put-template",
                "--prefix",
                "team-a",
                "--applied-for",
                "CREATE_ON_PUSH",
                "--policy",
                policy,
                "--yes");
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(templates()).hasSize(1);
        assertThat(templates().get(0).appliedForAsStrings()).containsExactly("CREATE_ON_PUSH");
        assertThat(EcrEmulator.json().readTree(templates().get(0).lifecyclePolicy()))
                .isEqualTo(EcrEmulator.json().readTree(policy()));

        JarProcess.Result listed = ecr.ecrsweep(home, "get-templates", "-o", "json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        JsonNode doc = EcrEmulator.json().readTree(listed.out());
        assertThat(com.networknt.schema.SchemaRegistry.withDefaultDialect(
                                com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                        .getSchema(Files.readString(Path.of("docs/templates.schema.json")))
                        .validate(doc))
                .as(listed.out())
                .isEmpty();
        assertThat(doc.get("templates").get(0).get("prefix").asText()).isEqualTo("team-a");
        assertThat(doc.get("templates").get(0).get("repositories").toString()).isEqualTo("[\"team-a/web\"]");
        JsonNode cache = doc.get("pullThroughCacheRules").get(0);
        assertThat(cache.get("prefix").asText()).isEqualTo("docker-hub");
        assertThat(cache.get("repositories").toString()).isEqualTo("[\"docker-hub/library/nginx\"]");

        JarProcess.Result same =
                ecr.ecrsweep(home, "put-template", "--prefix", "team-a", "--policy", policy, "--check");
        assertThat(same.exitCode()).as(same.err()).isZero();
        Path other = home.resolve("other.json");
        Files.writeString(other, policy().replace("\"countNumber\": 14", "\"countNumber\": 7"));
        JarProcess.Result drift =
                ecr.ecrsweep(home, "put-template", "--prefix", "team-a", "--policy", other.toString(), "--check");
        assertThat(drift.exitCode()).isEqualTo(1);
        assertThat(EcrEmulator.json().readTree(templates().get(0).lifecyclePolicy()))
                .isEqualTo(EcrEmulator.json().readTree(policy()));
    }

    @Test
    void creatingNeedsWhatItAppliesForAndRootCoversWhatNoOtherTemplateDoes() throws Exception {
        String policy = Path.of(POLICY).toAbsolutePath().toString();
        JarProcess.Result missing =
                ecr.ecrsweep(home, "put-template", "--prefix", "team-b", "--policy", policy, "--yes");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("creating it needs --applied-for");
        assertThat(templates()).isEmpty();

        List<String> created = new ArrayList<>();
        for (String prefix : List.of("team-a", "ROOT")) {
            JarProcess.Result put = ecr.ecrsweep(
                    home,
                    "put-template",
                    "--prefix",
                    prefix,
                    "--applied-for",
                    "CREATE_ON_PUSH,REPLICATION",
                    "--policy",
                    policy,
                    "--yes");
            assertThat(put.exitCode()).as(put.err()).isZero();
            created.add(prefix);
        }
        JsonNode doc = EcrEmulator.json()
                .readTree(ecr.ecrsweep(home, "get-templates", "-o", "json").out());
        List<String> root = new ArrayList<>();
        doc.get("templates").forEach(t -> {
            if (t.get("prefix").asText().equals("ROOT")) {
                t.get("repositories").forEach(r -> root.add(r.asText()));
            }
        });
        assertThat(created).containsExactly("team-a", "ROOT");

        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        JarProcess.Result encrypted = ecr.ecrsweep(
                home,
                "put-template",
                "--prefix",
                "team-a",
                "--policy",
                policy,
                "--encryption",
                "KMS",
                "--kms-key",
                key,
                "--yes");
        assertThat(encrypted.exitCode()).as(encrypted.err()).isZero();
        RepositoryCreationTemplate teamA = templates().stream()
                .filter(t -> t.prefix().equals("team-a"))
                .findFirst()
                .orElseThrow();
        assertThat(teamA.encryptionConfiguration().encryptionTypeAsString()).isEqualTo("KMS");
        assertThat(teamA.encryptionConfiguration().kmsKey()).isEqualTo(key);
        assertThat(teamA.appliedForAsStrings()).containsExactlyInAnyOrder("CREATE_ON_PUSH", "REPLICATION");
        assertThat(root).containsExactly("docker-hub/library/nginx", "other");
    }

    @Test
    void aReviewedDocumentOfTemplatesIsAppliedAndThenHasNoDrift() throws Exception {
        String policy = Path.of(POLICY).toAbsolutePath().toString();
        JarProcess.Result put = ecr.ecrsweep(
                home,
                "put-template",
                "--prefix",
                "team-a",
                "--applied-for",
                "CREATE_ON_PUSH",
                "--policy",
                policy,
                "--yes");
        assertThat(put.exitCode()).as(put.err()).isZero();
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                (com.fasterxml.jackson.databind.node.ObjectNode) EcrEmulator.json()
                        .readTree(ecr.ecrsweep(home, "get-templates", "-o", "json")
                                .out());
        com.fasterxml.jackson.databind.node.ArrayNode list =
                (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("templates");
        com.fasterxml.jackson.databind.node.ObjectNode teamA =
                (com.fasterxml.jackson.databind.node.ObjectNode) list.get(0);
        String thirty = policy().replace("\"countNumber\": 14", "\"countNumber\": 30");
        teamA.put("lifecyclePolicyText", thirty);
        com.fasterxml.jackson.databind.node.ObjectNode teamC = list.addObject();
        teamC.put("prefix", "team-c");
        teamC.putArray("appliedFor").add("PULL_THROUGH_CACHE");
        teamC.put("lifecyclePolicyText", policy());
        Path file = home.resolve("templates.json");
        Files.writeString(file, doc.toString());

        JarProcess.Result drift = ecr.ecrsweep(home, "apply-templates", file.toString(), "--check");
        assertThat(drift.exitCode()).isEqualTo(1);
        JarProcess.Result apply = ecr.ecrsweep(home, "apply-templates", file.toString(), "--yes", "-o", "json");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        List<String> statuses = new ArrayList<>();
        EcrEmulator.json()
                .readTree(apply.out())
                .get("repositories")
                .forEach(r -> statuses.add(
                        r.get("repositoryName").asText() + "=" + r.get("status").asText()));
        assertThat(statuses).containsExactlyInAnyOrder("team-a=updated", "team-c=created");
        assertThat(templates()).hasSize(2);
        JarProcess.Result again = ecr.ecrsweep(home, "apply-templates", file.toString(), "--check");
        assertThat(again.exitCode()).as(again.err()).isZero();

        Path bad = home.resolve("bad.json");
        Files.writeString(bad, doc.toString().replace("PULL_THROUGH_CACHE", "SOMETIMES"));
        JarProcess.Result refused = ecr.ecrsweep(home, "apply-templates", bad.toString(), "--yes");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("templates[1].appliedFor");
    }
}
