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

        JarProcess.Result elsewhere =
                run(EcrEmulator.REGION, "apply", plan.toString(), "--region", "eu-west-1", "--yes");
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
    void applyActsInThePlansRegionAndNamesTheEndpointItCalls() throws Exception {
        Seed seed = new Seed();
        SeedImage untagged = seed.image("web", "u1", EndToEndIT.daysAgo(10));
        ecr.seed(seed);
        Path plan = home.resolve("plan.json");
        assertThat(run(EcrEmulator.REGION, "delete-untagged", "--all", "--dry-run", "--out", plan.toString())
                        .exitCode())
                .isZero();

        // The job that applies runs with another default region: the plan's is the one that counts.
        // ... and its endpoint from the environment: no option shows it, the report does.
        JarProcess.Result table = JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", "eu-west-1")
                .env("AWS_ENDPOINT_URL", ecr.endpoint())
                .run("apply", plan.toString(), "--dry-run");
        JarProcess.Result apply = run("eu-west-1", "apply", plan.toString(), "--yes", "-o", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .contains("(" + EcrEmulator.REGION + ")")
                .contains("through " + ecr.endpoint());
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        JsonNode report = EcrEmulator.json().readTree(apply.out());
        assertThat(report.get("region").asText()).isEqualTo(EcrEmulator.REGION);
        assertThat(report.get("endpoint").asText()).isEqualTo(ecr.endpoint());
        assertThat(digests()).doesNotContain(untagged.digest());
    }

    @Test
    void aPolicyPlanTakesNoInUseSource() throws Exception {
        ecr.seed(new Seed().repository("web"));
        String policy = Path.of("examples/policies/expire-untagged-after-14-days.json")
                .toAbsolutePath()
                .toString();
        Path plan = home.resolve("policies-plan.json");
        assertThat(run(
                                EcrEmulator.REGION,
                                "put-policy",
                                "-r",
                                "web",
                                "--policy",
                                policy,
                                "--dry-run",
                                "--out",
                                plan.toString())
                        .exitCode())
                .isZero();
        Path pins = home.resolve("pins.txt");
        Files.writeString(pins, "web:prod\n");

        JarProcess.Result apply =
                run(EcrEmulator.REGION, "apply", plan.toString(), "--pin-file", pins.toString(), "--yes");

        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(apply.err()).contains("is a put-policy plan").contains("apply it without them");
        try (EcrClient client = ecr.client()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> client.getLifecyclePolicy(r -> r.repositoryName("web")))
                    .isInstanceOf(software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException.class);
        }
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

    private static final String HOST = EcrEmulator.ACCOUNT + ".dkr.ecr." + EcrEmulator.REGION + ".amazonaws.com";

    /** A pod list in which one pod runs these digests of a repository. */
    private static String pods(String repository, String... digests) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < digests.length; i++) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"prod\",\"name\":\"p")
                    .append(i + 1)
                    .append("\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"")
                    .append(HOST)
                    .append('/')
                    .append(repository)
                    .append('@')
                    .append(digests[i])
                    .append("\"}]},\"status\":{\"containerStatuses\":[{\"name\":\"c\",\"imageID\":\"")
                    .append(HOST)
                    .append('/')
                    .append(repository)
                    .append('@')
                    .append(digests[i])
                    .append("\"}]}}");
        }
        return "{\"kind\":\"List\",\"items\":[" + items + "]}";
    }

    private Set<String> digests(String repository) {
        try (EcrClient client = ecr.client()) {
            return client.describeImages(r -> r.repositoryName(repository)).imageDetails().stream()
                    .map(ImageDetail::imageDigest)
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void aPlanOfAPolicyAlreadyPutDeletesNotEvenTheRunningImageItsPreviewShowsEcrWouldExpire() throws Exception {
        String policy = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
        Seed seed = new Seed();
        seed.image("pol/run", "newest", EndToEndIT.daysAgo(1));
        SeedImage running = seed.image("pol/run", "running", EndToEndIT.daysAgo(5));
        ecr.seed(seed.policy("pol/run", policy));
        Path p = Files.writeString(home.resolve("p.json"), policy);
        Path podList = Files.writeString(home.resolve("pods.json"), pods("pol/run", running.digest()));
        Path plan = home.resolve("plan.json");

        JarProcess.Result review = run(
                EcrEmulator.REGION,
                "put-policy",
                "-r",
                "pol/run",
                "--policy",
                p.toString(),
                "--in-use-k8s",
                podList.toString(),
                "--dry-run",
                "--out",
                plan.toString());
        JarProcess.Result apply = run(EcrEmulator.REGION, "apply", plan.toString(), "--yes");

        assertThat(review.exitCode()).as(review.err()).isZero();
        assertThat(review.out())
                .contains("lifecycle policy unchanged")
                .contains("IN USE: k8s:pod/prod/p1")
                .contains("Policy: would be put on 0 repositories");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("The plan changes nothing: nothing to apply.");
        assertThat(digests("pol/run")).contains(running.digest()).hasSize(2);
    }

    @Test
    void anImageAPodRolledBackToSinceThePlanStaysAsAFreshRunWouldKeepIt() throws Exception {
        Seed seed = new Seed();
        SeedImage rolledBack = seed.image("web", "u1", EndToEndIT.daysAgo(10));
        SeedImage other = seed.image("web", "u2", EndToEndIT.daysAgo(11));
        SeedImage current = seed.image("web", "current", EndToEndIT.daysAgo(1), "v2");
        ecr.seed(seed);
        Path podList = Files.writeString(home.resolve("pods.json"), pods("web", current.digest()));
        Path plan = home.resolve("plan.json");
        JarProcess.Result review = run(
                EcrEmulator.REGION,
                "delete-untagged",
                "--all",
                "--older-than",
                "1d",
                "--in-use-k8s",
                podList.toString(),
                "--dry-run",
                "--out",
                plan.toString());
        assertThat(review.exitCode()).as(review.err()).isZero();
        // Since the review, the deployment rolled back to the untagged digest u1.
        Files.writeString(podList, pods("web", rolledBack.digest()));

        JarProcess.Result apply = run(EcrEmulator.REGION, "apply", plan.toString(), "--yes", "-o", "json");

        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(3);
        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(apply.out()));
        assertThat(d.get(rolledBack.digest()).get("skipped").get("reason").asText())
                .isEqualTo("in-use-since-plan");
        assertThat(d.get(other.digest()).get("result").asText()).isEqualTo("deleted");
        assertThat(digests("web")).containsExactlyInAnyOrder(rolledBack.digest(), current.digest());
    }

    @Test
    void anEditedPlanIsRefusedWholeAndNothingIsDeleted() throws Exception {
        Seed seed = new Seed();
        SeedImage untagged = seed.image("web", "u1", EndToEndIT.daysAgo(10));
        SeedImage prod = seed.image("web", "prod", EndToEndIT.daysAgo(30), "prod");
        SeedImage elsewhere = seed.image("api", "a1", EndToEndIT.daysAgo(10));
        ecr.seed(seed);
        Path plan = home.resolve("plan.json");
        assertThat(run(
                                EcrEmulator.REGION,
                                "delete-untagged",
                                "-r",
                                "web",
                                "--older-than",
                                "1d",
                                "--dry-run",
                                "--out",
                                plan.toString())
                        .exitCode())
                .isZero();
        String reviewed = Files.readString(plan);
        ObjectNode doc = (ObjectNode) EcrEmulator.json().readTree(reviewed);
        ObjectNode row =
                (ObjectNode) doc.get("repositories").get(0).get("images").get(0);

        ObjectNode taggedRow = doc.deepCopy();
        ObjectNode added = row.deepCopy().put("imageDigest", prod.digest());
        ((com.fasterxml.jackson.databind.node.ArrayNode)
                        taggedRow.get("repositories").get(0).get("images"))
                .add(added);
        ObjectNode otherRepository = doc.deepCopy();
        ObjectNode api =
                ((ObjectNode) doc.get("repositories").get(0)).deepCopy().put("repositoryName", "api");
        ((ObjectNode) api.get("images").get(0)).put("imageDigest", elsewhere.digest());
        ((com.fasterxml.jackson.databind.node.ArrayNode) otherRepository.get("repositories")).add(api);
        ObjectNode expire = doc.deepCopy();
        ((ObjectNode) expire.get("repositories").get(0).get("images").get(0)).put("action", "expire");
        String twice =
                reviewed.replaceFirst("\"imageTags\" : \\[ \\]", "\"imageTags\" : [ ], \"imageTags\" : [ \"prod\" ]");
        assertThat(twice).isNotEqualTo(reviewed);

        Map<String, String> edits = Map.of(
                "a tagged image", EcrEmulator.json().writeValueAsString(taggedRow),
                "a repository outside the selection", EcrEmulator.json().writeValueAsString(otherRepository),
                "an expire row", EcrEmulator.json().writeValueAsString(expire),
                "a key given twice", twice);
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            Path edited = Files.writeString(home.resolve("edited.json"), edit.getValue());
            JarProcess.Result apply = run(EcrEmulator.REGION, "apply", edited.toString(), "--yes");
            assertThat(apply.exitCode()).as(edit.getKey() + ": " + apply.err()).isEqualTo(2);
            assertThat(apply.err()).as(edit.getKey()).startsWith("ecrsweep: ").hasLineCount(1);
        }

        assertThat(digests("web")).containsExactlyInAnyOrder(untagged.digest(), prod.digest());
        assertThat(digests("api")).containsExactly(elsewhere.digest());
    }
}
