package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilterType;

/** untag against the emulator: tags go and images stay, the last tag is never removed unasked, immutability holds. */
@ExtendWith(EcrEmulator.class)
class UntagIT {

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    private List<String> tags(String repository, SeedImage image) {
        var detail = ecr.images(repository).get(image.digest());
        return detail == null ? null : detail.imageTags();
    }

    @Test
    void removesSelectedTagsLeavesImagesAndDeletesALastTagsImageOnlyWhenAsked() throws Exception {
        Seed seed = new Seed();
        SeedImage shared = seed.image("web", "shared", EndToEndIT.daysAgo(40), "pr-1", "main");
        SeedImage lonely = seed.image("web", "lonely", EndToEndIT.daysAgo(41), "pr-2");
        SeedImage young = seed.image("web", "young", EndToEndIT.daysAgo(5), "pr-3", "v1");
        ecr.seed(seed);

        JarProcess.Result plan = ecr.ecrsweep(
                home, "untag", "-r", "web", "--tag", "pr-*", "--older-than", "30d", "--dry-run", "-o", "json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        Map<String, JsonNode> planned = EcrEmulator.decisions(EcrEmulator.json().readTree(plan.out()));
        assertThat(planned.get(shared.digest()).get("action").asText()).isEqualTo("untag");
        assertThat(planned.get(shared.digest()).get("untag").toString()).isEqualTo("[\"pr-1\"]");
        // The last tag of an image is reported without --explain, and left.
        assertThat(planned.get(lonely.digest()).get("reason").asText()).isEqualTo("last-tag");
        assertThat(planned).doesNotContainKey(young.digest());
        assertThat(tags("web", shared)).containsExactlyInAnyOrder("pr-1", "main");

        JarProcess.Result run =
                ecr.ecrsweep(home, "untag", "-r", "web", "--tag", "pr-*", "--older-than", "30d", "--yes", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = EcrEmulator.json().readTree(run.out());
        assertThat(report.get("summary").get("untagged").asInt()).isEqualTo(1);
        assertThat(EcrEmulator.decisions(report)
                        .get(shared.digest())
                        .get("result")
                        .asText())
                .isEqualTo("untagged");
        assertThat(tags("web", shared)).containsExactly("main");
        assertThat(tags("web", lonely)).containsExactly("pr-2");
        assertThat(tags("web", young)).containsExactlyInAnyOrder("pr-3", "v1");

        JarProcess.Result last = ecr.ecrsweep(
                home, "untag", "-r", "web", "--tag", "pr-*", "--older-than", "30d", "--delete-if-last", "--yes");
        assertThat(last.exitCode()).as(last.err()).isZero();
        assertThat(last.out()).contains("Done: deleted 1");
        assertThat(ecr.digests("web")).containsExactlyInAnyOrder(shared.digest(), young.digest());
    }

    @Test
    void immutableTagsAreRefusedInThePlanAndNeverSent() throws Exception {
        try (EcrClient client = ecr.client()) {
            client.createRepository(r -> r.repositoryName("locked")
                    .imageTagMutability(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION)
                    .imageTagMutabilityExclusionFilters(ImageTagMutabilityExclusionFilter.builder()
                            .filter("dev-*")
                            .filterType(ImageTagMutabilityExclusionFilterType.WILDCARD)
                            .build()));
        }
        Seed seed = new Seed();
        SeedImage image = seed.image("locked", "one", EndToEndIT.daysAgo(40), "dev-1", "rel-1", "main");
        ecr.seed(seed);

        JarProcess.Result refused =
                ecr.ecrsweep(home, "untag", "-r", "locked", "--tag", "rel-*", "--yes", "-o", "json");
        JarProcess.Result allowed =
                ecr.ecrsweep(home, "untag", "-r", "locked", "--tag", "dev-*", "--yes", "-o", "json");

        assertThat(refused.exitCode()).as(refused.err()).isZero();
        assertThat(EcrEmulator.decisions(EcrEmulator.json().readTree(refused.out()))
                        .get(image.digest())
                        .get("reason")
                        .asText())
                .isEqualTo("tag-immutable");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(tags("locked", image)).containsExactlyInAnyOrder("rel-1", "main");
    }

    @Test
    void aRuleFileUntagRuleRemovesBuildTagsButTheNewest() throws Exception {
        Seed seed = new Seed();
        SeedImage b1 = seed.image("web", "b1", EndToEndIT.daysAgo(30), "build-1", "v1");
        SeedImage b2 = seed.image("web", "b2", EndToEndIT.daysAgo(20), "build-2", "v2");
        SeedImage b3 = seed.image("web", "b3", EndToEndIT.daysAgo(10), "build-3", "v3");
        SeedImage lone = seed.image("web", "lone", EndToEndIT.daysAgo(40), "build-0");
        ecr.seed(seed);
        Path rules = home.resolve("rules.yaml");
        Files.writeString(
                rules,
                String.join(
                        "\n",
                        "kind: ecrsweep-rules",
                        "version: 1",
                        "repositories:",
                        "  - match: web",
                        "    rules:",
                        "      - description: build tags, the newest kept",
                        "        tagRegex: '^build-'",
                        "        keep: 1",
                        "        action: untag",
                        ""));

        JarProcess.Result run = ecr.ecrsweep(home, "sweep", "--rules", rules.toString(), "--yes", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(run.out()));
        assertThat(d.get(b1.digest()).get("result").asText()).isEqualTo("untagged");
        assertThat(d.get(lone.digest()).get("reason").asText()).isEqualTo("last-tag");
        assertThat(tags("web", b1)).containsExactly("v1");
        assertThat(tags("web", b2)).containsExactly("v2");
        assertThat(tags("web", b3)).containsExactlyInAnyOrder("build-3", "v3");
        assertThat(tags("web", lone)).containsExactly("build-0");
    }

    @Test
    void aReviewedPlanSkipsAnImageThatLostTheTagHoldingIt() throws Exception {
        Seed seed = new Seed();
        SeedImage held = seed.image("web", "held", EndToEndIT.daysAgo(40), "pr-1", "main");
        SeedImage other = seed.image("web", "other", EndToEndIT.daysAgo(42), "pr-2", "stable");
        ecr.seed(seed);
        Path plan = home.resolve("plan.json");
        JarProcess.Result review =
                ecr.ecrsweep(home, "untag", "-r", "web", "--tag", "pr-*", "--dry-run", "--out", plan.toString());
        assertThat(review.exitCode()).as(review.err()).isZero();
        assertThat(Files.readString(plan)).contains("\"untag\"");

        // Since the review, 'main' was removed from held: removing pr-1 now would delete the image.
        try (EcrClient client = ecr.client()) {
            client.batchDeleteImage(r -> r.repositoryName("web")
                    .imageIds(software.amazon.awssdk.services.ecr.model.ImageIdentifier.builder()
                            .imageTag("main")
                            .build()));
        }

        JarProcess.Result apply = ecr.ecrsweep(home, "apply", plan.toString(), "--yes", "-o", "json");

        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(apply.out()));
        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(3);
        assertThat(d.get(held.digest()).get("skipped").get("reason").asText()).isEqualTo("tagged-since-plan");
        assertThat(d.get(other.digest()).get("result").asText()).isEqualTo("untagged");
        assertThat(tags("web", held)).containsExactly("pr-1");
        assertThat(tags("web", other)).containsExactly("stable");
    }
}
