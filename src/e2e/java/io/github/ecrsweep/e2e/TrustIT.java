package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/**
 * The packaged jar against the emulator, on what decides trust: which account a run acts in, the
 * guards a CI job sees, and that an image tagged while a slow deletion runs survives it.
 */
@ExtendWith(EcrEmulator.class)
class TrustIT {

    private static final String OTHER_ACCOUNT = "111111111111";

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    private JarProcess jar() {
        return JarProcess.in(home).dummyCredentials().env("AWS_REGION", EcrEmulator.REGION);
    }

    private static String[] with(String endpoint, String... args) {
        return Stream.concat(Stream.of(args), Stream.of("--endpoint-url", endpoint))
                .toArray(String[]::new);
    }

    // ---- 1. the right account

    @Test
    void anExplicitProfileWinsOverTheEnvironmentsKeysAndTheAccountIsShown() throws Exception {
        ecr.seed(new Seed().repository("env/only"));
        Seed other = new Seed().inAccount(OTHER_ACCOUNT);
        other.image("profile/only", "p-untagged", EndToEndIT.daysAgo(10));
        ecr.seed(other);
        String[] key = ecr.createAccessKey(OTHER_ACCOUNT);
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[other]\naws_access_key_id = " + key[0] + "\naws_secret_access_key = " + key[1] + "\n");

        JarProcess.Result fromEnvironment = jar().run(with(ecr.endpoint(), "list"));
        JarProcess.Result fromProfile = jar().run(with(ecr.endpoint(), "list", "--profile", "other"));
        JarProcess.Result plan = jar().run(with(
                ecr.endpoint(), "delete-untagged", "--all", "--profile", "other", "--dry-run", "-o", "json"));

        assertThat(fromEnvironment.out())
                .contains("env/only")
                .doesNotContain("profile/only")
                .contains("account 123456789012 (us-east-1)");
        assertThat(fromProfile.exitCode()).as(fromProfile.err()).isZero();
        assertThat(fromProfile.out())
                .contains("profile/only")
                .doesNotContain("env/only")
                .contains("account " + OTHER_ACCOUNT + " (us-east-1)");
        JsonNode doc = EcrEmulator.json().readTree(plan.out());
        assertThat(doc.get("account").asText()).isEqualTo(OTHER_ACCOUNT);
        assertThat(doc.get("region").asText()).isEqualTo(EcrEmulator.REGION);
    }

    @Test
    void anUnknownProfileIsOneLineNamingTheFilesEvenWithKeysInTheEnvironment() throws Exception {
        JarProcess.Result r = jar().run(with(ecr.endpoint(), "list", "--profile", "nosuch"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("ecrsweep: profile 'nosuch' is not in " + home.resolve(".aws/config") + " or "
                        + home.resolve(".aws/credentials") + "\n");
        assertThat(r.out()).isEmpty();
    }

    // ---- 3. guards a CI job sees early

    @Test
    void thePullRequestJobFailsOnAPlanTheApplyJobWouldRefuse() throws Exception {
        Seed seed = new Seed();
        for (int i = 0; i < 5; i++) {
            seed.image("web", "u-" + i, EndToEndIT.daysAgo(10 + i));
        }
        ecr.seed(seed);

        JarProcess.Result dry = jar().run(with(
                ecr.endpoint(), "delete-untagged", "--all", "--dry-run", "--max-delete", "3", "-o", "json"));
        JarProcess.Result apply =
                jar().run(with(ecr.endpoint(), "delete-untagged", "--all", "--yes", "--max-delete", "3", "-o", "json"));
        JarProcess.Result noYes = jar().run(with(ecr.endpoint(), "delete-untagged", "--all", "-o", "json"));

        assertThat(dry.exitCode()).isEqualTo(1);
        assertThat(dry.err())
                .contains(
                        "a real run would refuse this plan: the plan deletes or expires 5 images, more than --max-delete 3");
        assertThat(EcrEmulator.json()
                        .readTree(dry.out())
                        .get("refused")
                        .get("reason")
                        .asText())
                .contains("--max-delete 3");
        for (JarProcess.Result refused : List.of(apply, noYes)) {
            assertThat(refused.exitCode()).isEqualTo(1);
            JsonNode doc = EcrEmulator.json().readTree(refused.out());
            assertThat(doc.get("refused")).isNotNull();
            assertThat(doc.get("summary").get("delete").asInt()).isEqualTo(5);
        }
        try (EcrClient client = ecr.client()) {
            assertThat(EndToEndIT.digests(client, "web")).hasSize(5);
        }
    }

    @Test
    void aSelectionThatMatchesNothingWarnsWithThePatternAndTheCount() throws Exception {
        ecr.seed(new Seed().repository("team-a/web").repository("team-a/api"));

        JarProcess.Result r = jar().run(with(
                ecr.endpoint(),
                "apply-all",
                "--policy",
                Path.of("examples/policies/expire-untagged-after-14-days.json")
                        .toAbsolutePath()
                        .toString(),
                "--include",
                "Team-A/*",
                "--dry-run"));
        JarProcess.Result wrongRegion = jar().env("AWS_REGION", "eu-central-1")
                .run(with(ecr.endpoint(), "delete-untagged", "--all", "--dry-run"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.err())
                .startsWith(
                        "ecrsweep: warning: --include 'Team-A/*' matches none of the 2 repositories of account 123456789012"
                                + " (us-east-1) at " + ecr.endpoint()
                                + " (patterns are case-sensitive; repository names are lower case); the nearest: ")
                .hasLineCount(1);
        assertThat(wrongRegion.err())
                .contains("warning: ")
                .contains("(eu-central-1)")
                .contains("has no repositories; check --region and --profile");
    }

    @Test
    void verboseLogsTheStepsWithTimesAndTheSdkOnlyFromTwoVs() throws Exception {
        Seed seed = new Seed();
        for (int i = 0; i < 3; i++) {
            seed.image("web", "u-" + i, EndToEndIT.daysAgo(10 + i));
        }
        ecr.seed(seed);

        JarProcess.Result one = jar().run(with(ecr.endpoint(), "delete-untagged", "--all", "--yes", "-v"));
        JarProcess.Result two = jar().run(with(ecr.endpoint(), "list", "-vv"));

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.err())
                .containsPattern(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*INFO .*1 repositories selected in account 123456789012")
                .contains("web: wave 0: 3 images")
                .contains("web: checked 3 images again: 0 changed since the plan; deleting 3")
                .contains("web: ECR confirmed 3 of 3 deletions")
                .doesNotContain("software.amazon.awssdk");
        assertThat(two.err()).contains("DEBUG software.amazon.awssdk");
    }

    // ---- 4. nothing deleted that changed since the plan

    @Test
    void anImageTaggedWhileASlowDeletionRunsSurvivesIt(ChaosProxy proxy) throws Exception {
        Seed seed = new Seed();
        List<SeedImage> images = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            images.add(seed.image("web", "u-" + i, EndToEndIT.daysAgo(100 - i / 10.0)));
        }
        ecr.seed(seed);
        // The plan deletes the oldest first: the first call takes the 100 oldest, the second the 50 newest.
        SeedImage late = images.get(149);
        proxy.chaos().slow(3_000, "BatchDeleteImage");

        JarProcess.Running run = jar().start(with(proxy.endpoint(), "delete-untagged", "--all", "--yes", "-o", "json"));
        try (EcrClient client = ecr.client()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (EndToEndIT.digests(client, "web").size() > 50 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(EndToEndIT.digests(client, "web"))
                    .as("the first call reached the registry")
                    .hasSize(50);
            // While ecrsweep waits for the first answer, a release pipeline tags one of the images of the second call.
            client.putImage(r -> r.repositoryName("web")
                    .imageManifest(late.manifest())
                    .imageManifestMediaType(late.mediaType())
                    .imageTag("hotfix-1"));
            JarProcess.Result result = run.await();

            assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
            List<ImageDetail> left =
                    client.describeImages(r -> r.repositoryName("web")).imageDetails();
            assertThat(left).singleElement().satisfies(d -> {
                assertThat(d.imageDigest()).isEqualTo(late.digest());
                assertThat(d.imageTags()).containsExactly("hotfix-1");
            });
            JsonNode doc = EcrEmulator.json().readTree(result.out());
            assertThat(doc.get("summary").get("deleted").asInt()).isEqualTo(149);
            assertThat(doc.get("summary").get("skipped").asInt()).isEqualTo(1);
            assertThat(result.err()).contains("warning: skipped 1 image that was tagged since the plan");
        }
    }

    @Test
    void theSdksRequestsAtVeryVerboseCarryNoJavaStackTracesUnlessAskedFor() throws Exception {
        String closed = "http://127.0.0.1:9";

        JarProcess.Result vv = jar().run(with(closed, "list", "--max-attempts", "2", "-vv"));
        JarProcess.Result traces = jar().run(with(closed, "list", "--max-attempts", "2", "-vv", "--stacktrace"));

        assertThat(vv.exitCode()).isEqualTo(1);
        assertThat(vv.err()).contains("DEBUG software.amazon.awssdk").contains("Connection refused");
        assertThat(vv.err().lines()).noneMatch(l -> l.startsWith("\tat "));
        assertThat(traces.err().lines()).anyMatch(l -> l.startsWith("\tat "));
    }
}
