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
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/** {@code sweep} against the emulator: a rule file's plan, reviewed and then done exactly. */
@ExtendWith(EcrEmulator.class)
class SweepIT {

    private static final String RULES = """
            kind: ecrsweep-rules
            version: 1
            never:
              tags: [latest]
            inUse:
              pinFiles: [pins.txt]
            repositories:
              - match: "web*"
                rules:
                  - description: the newest two of each minor line
                    tagRegex: '^v(\\d+\\.\\d+)\\.\\d+$'
                    groupBy: 1
                    keep: 2
                    olderThan: 1d
                  - description: pull-request images after 14 days, unless in use
                    tagRegex: '^pr-\\d+$'
                    olderThan: 14d
                  - description: archive what nobody pulled for 60 days
                    tagRegex: '^old-'
                    pulledBefore: 60d
                    action: archive
                  - description: untagged after a day
                    tagStatus: untagged
                    olderThan: 1d
            """;

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

    /** The registry of the test: what each rule decides, one image at a time. */
    private record Fleet(
            SeedImage index,
            SeedImage amd64,
            SeedImage arm64,
            List<SeedImage> gone,
            SeedImage pinned,
            SeedImage archived,
            Set<String> stay,
            SeedImage elsewhere) {}

    private Fleet seed() throws Exception {
        Seed seed = new Seed();
        SeedImage amd64 = seed.ociImage("web", "amd64", EndToEndIT.daysAgo(20));
        SeedImage arm64 = seed.ociImage("web", "arm64", EndToEndIT.daysAgo(20));
        SeedImage index = seed.index("web", "index", Seed.OCI_INDEX, EndToEndIT.daysAgo(20), List.of(amd64, arm64));
        SeedImage v100 = seed.image("web", "v1.0.0", EndToEndIT.daysAgo(40), "v1.0.0");
        SeedImage v101 = seed.image("web", "v1.0.1", EndToEndIT.daysAgo(30), "v1.0.1");
        SeedImage v102 = seed.image("web", "v1.0.2", EndToEndIT.daysAgo(20), "v1.0.2");
        SeedImage v103 = seed.image("web", "v1.0.3", EndToEndIT.daysAgo(10), "v1.0.3");
        SeedImage v110 = seed.image("web", "v1.1.0", EndToEndIT.daysAgo(35), "v1.1.0");
        SeedImage latest = seed.image("web", "v0.9.0", EndToEndIT.daysAgo(90), "v0.9.0", "latest");
        SeedImage pr1 = seed.image("web", "pr-1", EndToEndIT.daysAgo(20), "pr-1");
        SeedImage pr2 = seed.image("web", "pr-2", EndToEndIT.daysAgo(20), "pr-2");
        SeedImage pr3 = seed.image("web", "pr-3", EndToEndIT.daysAgo(3), "pr-3");
        SeedImage old = seed.add(
                "web",
                new SeedImage(
                        "old-1",
                        "{\"schemaVersion\":2,\"mediaType\":\"" + Seed.DOCKER_MANIFEST + "\",\"name\":\"old-1\"}",
                        Seed.DOCKER_MANIFEST,
                        List.of("old-1"),
                        EndToEndIT.daysAgo(200),
                        EndToEndIT.daysAgo(100),
                        30_000_000L,
                        null,
                        null));
        SeedImage elsewhere = seed.image("api", "pr-9", EndToEndIT.daysAgo(90), "pr-9");
        ecr.seed(seed);
        Files.writeString(home.resolve("pins.txt"), "web:pr-2   # a review environment still runs it\n");
        Files.writeString(home.resolve("rules.yaml"), RULES);
        return new Fleet(
                index,
                amd64,
                arm64,
                List.of(index, amd64, arm64, v100, v101, pr1),
                pr2,
                old,
                Set.of(
                        v102.digest(),
                        v103.digest(),
                        v110.digest(),
                        latest.digest(),
                        pr2.digest(),
                        pr3.digest(),
                        old.digest()),
                elsewhere);
    }

    private static Set<String> acted(JsonNode report, String action) {
        Set<String> acted = new HashSet<>();
        EcrEmulator.decisions(report).forEach((digest, d) -> {
            if (action.equals(d.get("action").asText())) {
                acted.add(digest);
            }
        });
        return acted;
    }

    @Test
    void sweepDeletesAndArchivesExactlyItsPlanInWavesAndKeepsWhatIsInUse() throws Exception {
        Fleet fleet = seed();

        JarProcess.Result plan =
                run("sweep", "--rules", home.resolve("rules.yaml").toString(), "--dry-run", "-o", "json");
        JarProcess.Result done =
                run("sweep", "--rules", home.resolve("rules.yaml").toString(), "--yes", "-o", "json");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(done.exitCode()).as(done.err()).isZero();
        JsonNode planned = EcrEmulator.json().readTree(plan.out());
        Set<String> deletions = acted(planned, "delete");
        assertThat(deletions)
                .containsExactlyInAnyOrderElementsOf(
                        fleet.gone().stream().map(SeedImage::digest).toList());
        assertThat(acted(planned, "transition"))
                .containsExactly(fleet.archived().digest());
        assertThat(EcrEmulator.decisions(planned)
                        .get(fleet.pinned().digest())
                        .get("reason")
                        .asText())
                .isEqualTo("in-use");

        JsonNode result = EcrEmulator.json().readTree(done.out());
        Map<String, JsonNode> d = EcrEmulator.decisions(result);
        assertThat(acted(result, "delete"))
                .as("the real run's plan is the reviewed one")
                .isEqualTo(deletions);
        assertThat(d.get(fleet.index().digest()).get("wave").asInt()).isZero();
        assertThat(d.get(fleet.amd64().digest()).get("wave").asInt()).isEqualTo(1);
        assertThat(d.get(fleet.arm64().digest()).get("result").asText()).isEqualTo("deleted");
        assertThat(d.get(fleet.archived().digest()).get("result").asText()).isEqualTo("archived");
        assertThat(result.get("summary").get("deleted").asInt()).isEqualTo(deletions.size());

        Map<String, ImageDetail> left = images("web");
        assertThat(left.keySet()).containsExactlyInAnyOrderElementsOf(fleet.stay());
        assertThat(left.get(fleet.archived().digest()).imageStatusAsString()).isEqualTo("ARCHIVED");
        assertThat(images("api"))
                .as("a repository no block covers is not touched")
                .containsKey(fleet.elsewhere().digest());
    }

    @Test
    void aReviewedSweepPlanIsAppliedAsReviewed() throws Exception {
        Fleet fleet = seed();

        JarProcess.Result plan = run(
                "sweep",
                "--rules",
                home.resolve("rules.yaml").toString(),
                "--dry-run",
                "--out",
                home.resolve("plan.json").toString(),
                "-o",
                "json");
        JarProcess.Result apply = run("apply", home.resolve("plan.json").toString(), "--yes", "-o", "json");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        JsonNode reviewed = EcrEmulator.json().readTree(Files.readString(home.resolve("plan.json")));
        assertThat(reviewed.get("command").asText()).isEqualTo("sweep");
        Map<String, ImageDetail> left = images("web");
        assertThat(left.keySet()).containsExactlyInAnyOrderElementsOf(fleet.stay());
        assertThat(left.get(fleet.archived().digest()).imageStatusAsString()).isEqualTo("ARCHIVED");
    }
}
