package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/** A reviewed plan applied later: what changed since is skipped with its reason; another region is refused. */
@ExtendWith(EcrEmulator.class)
class ApplyIT {

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    private JarProcess.Result run(String region, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", ecr.endpoint()));
        return JarProcess.in(home).dummyCredentials().env("AWS_REGION", region).run(all.toArray(String[]::new));
    }

    private Set<String> digests() {
        try (EcrClient client = ecr.client()) {
            return client.describeImages(r -> r.repositoryName("web")).imageDetails().stream()
                    .map(ImageDetail::imageDigest)
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void whatChangedSinceThePlanIsSkippedAndOnlyThePlanIsDeleted() throws Exception {
        Seed seed = new Seed();
        SeedImage retagged = seed.image("web", "u1", EndToEndIT.daysAgo(10));
        SeedImage gone = seed.image("web", "u2", EndToEndIT.daysAgo(11));
        SeedImage planned = seed.image("web", "u3", EndToEndIT.daysAgo(12));
        SeedImage prod = seed.image("web", "prod", EndToEndIT.daysAgo(3), "prod");
        ecr.seed(seed);
        Path plan = home.resolve("plan.json");

        JarProcess.Result review = run(
                EcrEmulator.REGION,
                "delete-untagged",
                "--all",
                "--older-than",
                "1d",
                "--dry-run",
                "--out",
                plan.toString());
        assertThat(review.exitCode()).as(review.err()).isZero();
        assertThat(EcrEmulator.decisions(EcrEmulator.json().readTree(Files.readString(plan)))
                        .keySet())
                .containsExactlyInAnyOrder(retagged.digest(), gone.digest(), planned.digest());

        // Since the review: a tag moved onto u1, u2 was deleted, and another untagged image arrived.
        try (EcrClient client = ecr.client()) {
            client.putImage(r ->
                    r.repositoryName("web").imageManifest(retagged.manifest()).imageTag("hotfix"));
            client.batchDeleteImage(r -> r.repositoryName("web")
                    .imageIds(software.amazon.awssdk.services.ecr.model.ImageIdentifier.builder()
                            .imageDigest(gone.digest())
                            .build()));
        }
        Seed later = new Seed();
        SeedImage arrived = later.image("web", "u4", EndToEndIT.daysAgo(13));
        ecr.seed(later);

        JarProcess.Result apply = run(EcrEmulator.REGION, "apply", plan.toString(), "--yes", "-o", "json");

        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(3);
        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(apply.out()));
        assertThat(d.get(planned.digest()).get("result").asText()).isEqualTo("deleted");
        assertThat(d.get(retagged.digest()).get("skipped").get("reason").asText())
                .isEqualTo("tagged-since-plan");
        assertThat(d.get(gone.digest()).get("skipped").get("reason").asText()).isEqualTo("gone-since-plan");
        assertThat(d).doesNotContainKey(arrived.digest());
        assertThat(digests()).containsExactlyInAnyOrder(retagged.digest(), prod.digest(), arrived.digest());
    }

    @Test
    void aPlanForAnotherRegionOrTooOldIsRefusedAndNothingChanges() throws Exception {
        Seed seed = new Seed();
        SeedImage untagged = seed.image("web", "u1", EndToEndIT.daysAgo(10));
        ecr.seed(seed);
        Path plan = home.resolve("plan.json");
        assertThat(run(EcrEmulator.REGION, "delete-untagged", "--all", "--dry-run", "--out", plan.toString())
                        .exitCode())
                .isZero();
        ObjectNode old = (ObjectNode) EcrEmulator.json().readTree(Files.readString(plan));
        old.put("evaluatedAt", Instant.now().minusSeconds(2 * 86_400).toString());
        Path stale = home.resolve("stale.json");
        Files.writeString(stale, old.toString());

        JarProcess.Result elsewhere = run("eu-west-1", "apply", plan.toString(), "--yes");
        JarProcess.Result tooOld = run(EcrEmulator.REGION, "apply", stale.toString(), "--yes");
        JarProcess.Result notDry = run(EcrEmulator.REGION, "delete-untagged", "--all", "--out", plan.toString());

        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(elsewhere.err())
                .isEqualTo("ecrsweep: refusing the plan: it is for region us-east-1, and this run is in eu-west-1;"
                        + " nothing was changed\n");
        assertThat(tooOld.exitCode()).isEqualTo(1);
        assertThat(tooOld.err()).contains("more than --max-age 24 h; plan again");
        assertThat(notDry.exitCode()).isEqualTo(2);
        assertThat(digests()).contains(untagged.digest());
    }

    @Test
    void aReviewedPolicyPlanIsPutAndARepositoryWhosePolicyChangedSinceIsLeftAlone() throws Exception {
        String other = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\","
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":50},\"action\":{\"type\":\"expire\"}}]}";
        ecr.seed(new Seed().repository("web").repository("api"));
        String policy = Path.of("examples/policies/expire-untagged-after-14-days.json")
                .toAbsolutePath()
                .toString();
        Path plan = home.resolve("policies-plan.json");

        JarProcess.Result review =
                run(EcrEmulator.REGION, "apply-all", "--policy", policy, "--dry-run", "--out", plan.toString());
        assertThat(review.exitCode()).as(review.err()).isZero();
        // Since the review, someone put another policy on api.
        try (EcrClient client = ecr.client()) {
            client.putLifecyclePolicy(r -> r.repositoryName("api").lifecyclePolicyText(other));
        }

        JarProcess.Result apply = run(EcrEmulator.REGION, "apply", plan.toString(), "--yes", "-o", "json");

        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(3);
        assertThat(apply.err()).contains("its lifecycle policy changed since the plan; nothing was done to it");
        try (EcrClient client = ecr.client()) {
            assertThat(client.getLifecyclePolicy(r -> r.repositoryName("web")).lifecyclePolicyText())
                    .isEqualTo(Files.readString(Path.of(policy)));
            assertThat(client.getLifecyclePolicy(r -> r.repositoryName("api")).lifecyclePolicyText())
                    .isEqualTo(other);
        }
    }
}
