package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/** {@code expire} against the emulator: it deletes and archives exactly what the put-policy preview shows. */
@ExtendWith(EcrEmulator.class)
class ExpireIT {

    private static final String POLICY = "{\"rules\":["
            + "{\"rulePriority\":1,\"description\":\"archive old releases\",\"selection\":{\"tagStatus\":\"tagged\","
            + "\"tagPatternList\":[\"old*\"],\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30},"
            + "\"action\":{\"type\":\"transition\",\"targetStorageClass\":\"archive\"}},"
            + "{\"rulePriority\":2,\"description\":\"expire untagged\",\"selection\":{\"tagStatus\":\"untagged\","
            + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    private JarProcess.Result run(String... args) throws Exception {
        return ecr.ecrsweep(home, args);
    }

    private Map<String, ImageDetail> images(String repository) {
        return ecr.images(repository);
    }

    @Test
    void expireDeletesAndArchivesExactlyWhatThePreviewShowsInWavesAndKeepsWhatIsInUse() throws Exception {
        Seed seed = new Seed();
        SeedImage amd64 = seed.ociImage("app", "amd64", EndToEndIT.daysAgo(20));
        SeedImage arm64 = seed.ociImage("app", "arm64", EndToEndIT.daysAgo(20));
        SeedImage index = seed.index("app", "index", Seed.OCI_INDEX, EndToEndIT.daysAgo(20), List.of(amd64, arm64));
        SeedImage running = seed.image("app", "running", EndToEndIT.daysAgo(20));
        SeedImage recent = seed.image("app", "recent", EndToEndIT.daysAgo(0.1));
        SeedImage oldRelease = seed.image("app", "old-1", EndToEndIT.daysAgo(40), "old-1");
        SeedImage current = seed.image("app", "v2", EndToEndIT.daysAgo(2), "v2");
        ecr.seed(seed);
        Path policy = home.resolve("policy.json");
        Files.writeString(policy, POLICY);
        Path pins = home.resolve("pins.txt");
        Files.writeString(pins, "app@" + running.digest() + "   # a task still runs it\n");

        JarProcess.Result preview = run(
                "put-policy",
                "-r",
                "app",
                "--policy",
                policy.toString(),
                "--pin-file",
                pins.toString(),
                "--dry-run",
                "-o",
                "json");
        JarProcess.Result done = run(
                "expire",
                "-r",
                "app",
                "--policy",
                policy.toString(),
                "--pin-file",
                pins.toString(),
                "--yes",
                "-o",
                "json");

        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(done.exitCode()).as(done.err()).isZero();
        Map<String, JsonNode> shown = EcrEmulator.decisions(EcrEmulator.json().readTree(preview.out()));
        Set<String> previewExpires = new HashSet<>();
        shown.forEach((digest, d) -> {
            if ("expire".equals(d.get("action").asText()) && !d.has("inUse")) {
                previewExpires.add(digest);
            }
        });
        assertThat(previewExpires).containsExactlyInAnyOrder(index.digest(), amd64.digest(), arm64.digest());
        assertThat(shown.get(running.digest()).get("action").asText())
                .as("the preview stays exact to ECR")
                .isEqualTo("expire");
        assertThat(shown.get(oldRelease.digest()).get("action").asText()).isEqualTo("transition");

        JsonNode result = EcrEmulator.json().readTree(done.out());
        Map<String, JsonNode> d = EcrEmulator.decisions(result);
        assertThat(d.get(index.digest()).get("wave").asInt()).isZero();
        assertThat(d.get(amd64.digest()).get("wave").asInt()).isEqualTo(1);
        assertThat(d.get(arm64.digest()).get("result").asText()).isEqualTo("deleted");
        assertThat(d.get(running.digest()).get("reason").asText()).isEqualTo("in-use");
        assertThat(d.get(oldRelease.digest()).get("result").asText()).isEqualTo("archived");
        assertThat(result.get("summary").get("deleted").asInt()).isEqualTo(3);
        assertThat(result.get("summary").get("archived").asInt()).isEqualTo(1);

        Map<String, ImageDetail> left = images("app");
        assertThat(left.keySet())
                .containsExactlyInAnyOrder(running.digest(), recent.digest(), oldRelease.digest(), current.digest());
        assertThat(left.get(oldRelease.digest()).imageStatusAsString()).isEqualTo("ARCHIVED");
        assertThat(left.get(current.digest()).imageStatusAsString()).isNotEqualTo("ARCHIVED");
        // The policy itself was not put: expire acts now, it does not hand the policy to ECR.
        try (EcrClient client = ecr.client()) {
            assertThat(client.getLifecyclePolicy(r -> r.repositoryName("app")).lifecyclePolicyText())
                    .isNull();
        } catch (software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException expected) {
            // none, as it should be
        }
    }

    @Test
    void noArchiveLeavesTransitionsToEcr() throws Exception {
        Seed seed = new Seed();
        SeedImage oldRelease = seed.image("app", "old-1", EndToEndIT.daysAgo(40), "old-1");
        ecr.seed(seed);
        Path policy = home.resolve("policy.json");
        Files.writeString(policy, POLICY);

        JarProcess.Result r = run(
                "expire",
                "-r",
                "app",
                "--policy",
                policy.toString(),
                "--no-archive",
                "--yes",
                "--explain",
                "-o",
                "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(EcrEmulator.decisions(EcrEmulator.json().readTree(r.out()))
                        .get(oldRelease.digest())
                        .get("reason")
                        .asText())
                .isEqualTo("archive-left-to-ecr");
        assertThat(images("app").get(oldRelease.digest()).imageStatusAsString()).isNotEqualTo("ARCHIVED");
    }
}
