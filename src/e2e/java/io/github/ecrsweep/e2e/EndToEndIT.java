package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;

/** The packaged jar, each command, over HTTP through the real SDK against the ECR emulator. */
@ExtendWith(EcrEmulator.class)
class EndToEndIT {

    static final Instant NOW = Instant.now();

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes((long) (days * 24 * 60)));
    }

    JarProcess.Result ecrsweep(String... args) throws Exception {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--endpoint-url", ecr.endpoint()))
                .toArray(String[]::new);
        return JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", EcrEmulator.REGION)
                .run(all);
    }

    static Set<String> digests(EcrClient client, String repository) {
        Set<String> result = new HashSet<>();
        client.describeImagesPaginator(r -> r.repositoryName(repository).maxResults(1000))
                .imageDetails()
                .forEach(d -> result.add(d.imageDigest()));
        return result;
    }

    /** Digests of the JSON plan's decisions with an action other than keep, per the plan document. */
    static Set<String> planned(JsonNode doc) {
        Set<String> result = new HashSet<>();
        for (JsonNode repo : doc.get("repositories")) {
            for (JsonNode i : repo.get("images")) {
                if (!"keep".equals(i.get("action").asText())) {
                    result.add(repo.get("repositoryName").asText() + "@"
                            + i.get("imageDigest").asText());
                }
            }
        }
        return result;
    }

    /** A registry like the ones users have: multi-arch images with attestations and signatures, orphans, old and new untagged images. */
    static final class Fleet {
        final Seed seed = new Seed();
        final List<SeedImage> mustStay = new ArrayList<>();
        final List<SeedImage> mustGo = new ArrayList<>();
        /** A cosign tag signature whose subject is in no repository: it goes only with --orphaned-signatures. */
        final SeedImage orphanedSignature;

        Fleet() {
            String web = "platform/web";
            SeedImage amd = seed.ociImage(web, "web-v2-amd64", daysAgo(10));
            SeedImage arm = seed.ociImage(web, "web-v2-arm64", daysAgo(10));
            SeedImage att = seed.ociImage(web, "web-v2-attestation", daysAgo(10));
            SeedImage index =
                    seed.index(web, "web-v2", Seed.OCI_INDEX, daysAgo(10), List.of(amd, arm, att), "v2", "latest");
            SeedImage sig = seed.referrer(web, "web-v2-signature", index, daysAgo(9.9));
            SeedImage cosign = seed.cosignSignature(web, "web-v2-cosign", index.digest(), daysAgo(9.9));
            SeedImage v1 = seed.image(web, "web-v1", daysAgo(90), "v1");
            mustStay.addAll(List.of(amd, arm, att, index, sig, cosign, v1));
            SeedImage oldAmd = seed.image(web, "web-old-amd64", daysAgo(40));
            SeedImage oldArm = seed.image(web, "web-old-arm64", daysAgo(40));
            SeedImage oldIndex = seed.index(web, "web-old", Seed.DOCKER_LIST, daysAgo(40), List.of(oldAmd, oldArm));
            SeedImage oldSig = seed.referrer(web, "web-old-signature", oldIndex, daysAgo(39.9));
            mustGo.addAll(List.of(
                    oldAmd,
                    oldArm,
                    oldIndex,
                    oldSig,
                    seed.image(web, "web-untagged-60", daysAgo(60)),
                    seed.image(web, "web-untagged-30", daysAgo(30))));
            mustStay.add(seed.image(web, "web-untagged-1", daysAgo(1)));

            String api = "platform/api";
            mustStay.add(seed.image(api, "api-3", daysAgo(3), "3.0.0", "prod"));
            mustStay.add(seed.image(api, "api-2", daysAgo(50), "2.0.0"));
            orphanedSignature = seed.cosignSignature(api, "api-sig-orphan", Seed.sha256("gone"), daysAgo(45));
            mustStay.add(orphanedSignature);
            for (int i = 0; i < 5; i++) {
                mustGo.add(seed.image(api, "api-untagged-" + i, daysAgo(20 + i)));
            }
            mustStay.add(seed.image(api, "api-untagged-new", daysAgo(2)));

            mustStay.add(seed.image("batch/worker", "worker-1", daysAgo(200), "1.0"));
        }
    }

    @Test
    void deleteUntaggedRemovesExactlyThePlanAndLeavesMultiArchImagesWhole() throws Exception {
        Fleet fleet = new Fleet();
        ecr.seed(fleet.seed);

        JarProcess.Result dry = ecrsweep("delete-untagged", "--all", "--older-than", "7d", "--dry-run", "-o", "json");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        Set<String> plan = planned(EcrEmulator.json().readTree(dry.out()));
        Set<String> expected = new HashSet<>();
        for (String repo : List.of("platform/web", "platform/api")) {
            for (SeedImage i : fleet.mustGo) {
                if (fleet.seed.images(repo).contains(i)) {
                    expected.add(repo + "@" + i.digest());
                }
            }
        }
        assertThat(plan).isEqualTo(expected);

        JarProcess.Result run = ecrsweep("delete-untagged", "--all", "--older-than", "7d", "--yes", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = EcrEmulator.json().readTree(run.out());
        assertThat(doc.get("summary").get("deleted").asInt()).isEqualTo(expected.size());
        assertThat(doc.get("summary").get("failed").asInt()).isZero();

        try (EcrClient client = ecr.client()) {
            for (String repo : List.of("platform/web", "platform/api", "batch/worker")) {
                Set<String> now = digests(client, repo);
                for (SeedImage i : fleet.seed.images(repo)) {
                    boolean planned = expected.contains(repo + "@" + i.digest());
                    assertThat(now.contains(i.digest()))
                            .as(repo + " " + i.name())
                            .isEqualTo(!planned);
                }
            }
        }

        JarProcess.Result again = ecrsweep("delete-untagged", "--all", "--older-than", "7d", "--yes");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out())
                .contains("Planned: nothing to delete, expire or archive")
                .contains("Nothing to do: nothing was changed.")
                .doesNotContain("Dry run");
    }

    @Test
    void orphanedCosignSignaturesGoOnlyWhenAskedAndOnlyWhenTheirSubjectIsInNoRepository() throws Exception {
        Fleet fleet = new Fleet();
        // cosign's COSIGN_REPOSITORY: signatures in a repository of their own, of images that live elsewhere
        SeedImage elsewhere = fleet.seed.cosignSignature(
                "signatures",
                "sig-of-web-v2",
                fleet.seed.images("platform/web").get(3).digest(),
                daysAgo(9));
        SeedImage gone =
                fleet.seed.cosignSignature("signatures", "sig-of-nothing", Seed.sha256("never pushed"), daysAgo(9));
        ecr.seed(fleet.seed);

        JarProcess.Result without = ecrsweep("delete-untagged", "--all", "--yes", "-o", "json");
        JarProcess.Result with = ecrsweep("delete-untagged", "--all", "--yes", "--orphaned-signatures", "-o", "json");

        assertThat(without.exitCode()).as(without.err()).isZero();
        assertThat(with.exitCode()).as(with.err()).isZero();
        try (EcrClient client = ecr.client()) {
            assertThat(digests(client, "signatures")).containsExactly(elsewhere.digest());
            assertThat(digests(client, "platform/api")).doesNotContain(fleet.orphanedSignature.digest());
        }
        assertThat(planned(EcrEmulator.json().readTree(with.out())))
                .containsExactlyInAnyOrder(
                        "signatures@" + gone.digest(), "platform/api@" + fleet.orphanedSignature.digest());
    }

    @Test
    void aRegistryLargeEnoughToPage() throws Exception {
        Seed seed = new Seed();
        Set<String> untagged = new HashSet<>();
        Set<String> keep = new HashSet<>();
        for (int r = 0; r < 3; r++) {
            String repo = "large/repo-" + r;
            int i = 0;
            while (i < 2_500) {
                if (i % 50 == 0 && i + 3 <= 2_500) {
                    SeedImage a = seed.image(repo, repo + "-amd-" + i, daysAgo(100 - i / 30.0));
                    SeedImage b = seed.image(repo, repo + "-arm-" + i, daysAgo(100 - i / 30.0));
                    SeedImage x = seed.index(
                            repo,
                            repo + "-idx-" + i,
                            Seed.OCI_INDEX,
                            daysAgo(100 - i / 30.0),
                            List.of(a, b),
                            "multi-" + i);
                    keep.addAll(List.of(repo + "@" + a.digest(), repo + "@" + b.digest(), repo + "@" + x.digest()));
                    i += 3;
                } else if (i % 3 == 0) {
                    untagged.add(repo + "@"
                            + seed.image(repo, repo + "-u-" + i, daysAgo(100 - i / 30.0))
                                    .digest());
                    i++;
                } else {
                    keep.add(repo + "@"
                            + seed.image(repo, repo + "-t-" + i, daysAgo(100 - i / 30.0), "t-" + i)
                                    .digest());
                    i++;
                }
            }
        }
        ecr.seed(seed);

        JarProcess.Result run = ecrsweep("delete-untagged", "--include", "large/*", "--yes", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(EcrEmulator.json()
                        .readTree(run.out())
                        .get("summary")
                        .get("deleted")
                        .asInt())
                .isEqualTo(untagged.size());
        try (EcrClient client = ecr.client()) {
            Set<String> left = new HashSet<>();
            for (int r = 0; r < 3; r++) {
                String repo = "large/repo-" + r;
                digests(client, repo).forEach(d -> left.add(repo + "@" + d));
            }
            assertThat(left).isEqualTo(keep);
        }
    }

    @Test
    void putPolicyPutsOnlyOnTheRepositoryAndNotTwice() throws Exception {
        Fleet fleet = new Fleet();
        ecr.seed(fleet.seed);
        String policy = Path.of("examples/policies/expire-untagged-after-14-days.json")
                .toAbsolutePath()
                .toString();

        JarProcess.Result put = ecrsweep("put-policy", "-r", "platform/web", "--policy", policy, "--yes");
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("platform/web: lifecycle policy created");

        try (EcrClient client = ecr.client()) {
            assertThat(client.getLifecyclePolicy(r -> r.repositoryName("platform/web"))
                            .lifecyclePolicyText())
                    .isEqualTo(Files.readString(Path.of(policy)));
            assertThat(policyOf(client, "platform/api")).isNull();
        }
        JarProcess.Result again = ecrsweep("put-policy", "-r", "platform/web", "--policy", policy, "--yes");
        assertThat(again.out()).contains("platform/web: lifecycle policy unchanged");
    }

    @Test
    void applyAllPutsThePolicyOnTheSelectedRepositoriesOnly() throws Exception {
        ecr.seed(new Fleet().seed);
        String policy = Path.of("examples/policies/keep-newest-10-prod.json")
                .toAbsolutePath()
                .toString();

        JarProcess.Result run =
                ecrsweep("apply-all", "--policy", policy, "--exclude", "batch/*", "--yes", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode repos = EcrEmulator.json().readTree(run.out()).get("repositories");
        assertThat(repos).hasSize(2);
        try (EcrClient client = ecr.client()) {
            assertThat(policyOf(client, "platform/web")).isEqualTo(Files.readString(Path.of(policy)));
            assertThat(policyOf(client, "platform/api")).isEqualTo(Files.readString(Path.of(policy)));
            assertThat(policyOf(client, "batch/worker")).isNull();
        }
    }

    @Test
    void theExportOfAListIsASnapshotWithTheSamePlan() throws Exception {
        ecr.seed(new Fleet().seed);
        String now = NOW.toString();

        JarProcess.Result export = ecrsweep("list", "--images", "--all", "-o", "json");
        assertThat(export.exitCode()).as(export.err()).isZero();
        Path snapshot = home.resolve("registry.json");
        Files.writeString(snapshot, export.out());

        JarProcess.Result live =
                ecrsweep("delete-untagged", "--all", "--older-than", "7d", "--dry-run", "-o", "json", "--now", now);
        JarProcess.Result offline = JarProcess.in(home)
                .run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "7d",
                        "-o",
                        "json",
                        "--now",
                        now,
                        "--snapshot",
                        snapshot.toString());
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        assertThat(EcrEmulator.json().readTree(offline.out()).get("repositories"))
                .isEqualTo(EcrEmulator.json().readTree(live.out()).get("repositories"));
    }

    @Test
    void putPolicyEvaluatesSeededPullTimesAndKnowsTheCurrentPolicy() throws Exception {
        Path policy = Path.of("examples/policies/aws-02-filter-on-last-pulled-time.json")
                .toAbsolutePath();
        Seed seed = new Seed();
        SeedImage pulledLongAgo = seed.add(
                "pulls",
                new SeedImage(
                        "a",
                        manifest("a"),
                        Seed.DOCKER_MANIFEST,
                        List.of("a"),
                        daysAgo(200),
                        daysAgo(100),
                        1_000,
                        null,
                        null));
        SeedImage pulledRecently = seed.add(
                "pulls",
                new SeedImage(
                        "b",
                        manifest("b"),
                        Seed.DOCKER_MANIFEST,
                        List.of("b"),
                        daysAgo(200),
                        daysAgo(10),
                        1_000,
                        null,
                        null));
        SeedImage neverPulled = seed.add(
                "pulls",
                new SeedImage(
                        "c", manifest("c"), Seed.DOCKER_MANIFEST, List.of(), daysAgo(120), null, 1_000, null, null));
        SeedImage young = seed.image("pulls", "d", daysAgo(5));
        seed.policy("pulls", Files.readString(policy));
        ecr.seed(seed);

        JarProcess.Result r =
                ecrsweep("put-policy", "-r", "pulls", "--policy", policy.toString(), "--dry-run", "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode repo = EcrEmulator.json().readTree(r.out()).get("repositories").get(0);
        assertThat(repo.get("lifecyclePolicy").get("status").asText()).isEqualTo("unchanged");
        Set<String> transitioned = new HashSet<>();
        repo.get("images").forEach(i -> {
            assertThat(i.get("action").asText()).isEqualTo("transition");
            assertThat(i.get("rulePriority").asInt()).isEqualTo(1);
            transitioned.add(i.get("imageDigest").asText());
        });
        assertThat(transitioned)
                .containsExactlyInAnyOrder(pulledLongAgo.digest(), neverPulled.digest())
                .doesNotContain(pulledRecently.digest(), young.digest());
    }

    private static String manifest(String name) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + Seed.DOCKER_MANIFEST
                + "\",\"config\":{\"size\":7,\"digest\":\"" + Seed.sha256("config-" + name) + "\"},\"layers\":[]}";
    }

    @Test
    void listShowsEveryRepository() throws Exception {
        ecr.seed(new Fleet().seed);

        JarProcess.Result r = ecrsweep("list");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(1).limit(3).map(l -> l.split("\\s+")[0]).collect(Collectors.toList()))
                .containsExactly("batch/worker", "platform/api", "platform/web");
    }

    static String policyOf(EcrClient client, String repository) {
        try {
            return client.getLifecyclePolicy(r -> r.repositoryName(repository)).lifecyclePolicyText();
        } catch (LifecyclePolicyNotFoundException e) {
            return null;
        }
    }
}
