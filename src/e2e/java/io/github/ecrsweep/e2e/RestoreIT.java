package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.TargetStorageClass;

/** restore against the emulator: archived images come back with their children, within --max-restore. */
@ExtendWith(EcrEmulator.class)
class RestoreIT {

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    private void archive(SeedImage... images) {
        try (EcrClient client = ecr.client()) {
            for (SeedImage i : images) {
                client.updateImageStorageClass(r -> r.repositoryName("web")
                        .imageId(id -> id.imageDigest(i.digest()))
                        .targetStorageClass(TargetStorageClass.ARCHIVE));
            }
        }
    }

    private String status(SeedImage image) {
        return ecr.images("web").get(image.digest()).imageStatusAsString();
    }

    @Test
    void anIndexComesBackWithItsChildrenAndNothingElseMoves() throws Exception {
        Seed seed = new Seed();
        SeedImage amd = seed.image("web", "amd", EndToEndIT.daysAgo(200));
        SeedImage arm = seed.image("web", "arm", EndToEndIT.daysAgo(200));
        SeedImage index =
                seed.index("web", "v140", Seed.OCI_INDEX, EndToEndIT.daysAgo(200), List.of(amd, arm), "v1.4.0");
        SeedImage older = seed.image("web", "v130", EndToEndIT.daysAgo(300), "v1.3.0");
        SeedImage active = seed.image("web", "v150", EndToEndIT.daysAgo(10), "v1.5.0");
        ecr.seed(seed);
        archive(index, amd, arm, older);

        JarProcess.Result plan =
                ecr.ecrsweep(home, "restore", "-r", "web", "--tag", "v1.4*", "--dry-run", "-o", "json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        Map<String, JsonNode> planned = EcrEmulator.decisions(EcrEmulator.json().readTree(plan.out()));
        assertThat(planned.get(index.digest()).get("reason").asText()).isEqualTo("restore-selected");
        assertThat(planned.get(amd.digest()).get("reason").asText()).isEqualTo("child-of-restored-index");
        assertThat(planned.get(arm.digest()).get("reason").asText()).isEqualTo("child-of-restored-index");
        assertThat(planned).doesNotContainKeys(older.digest(), active.digest());

        JarProcess.Result refused =
                ecr.ecrsweep(home, "restore", "-r", "web", "--tag", "v1.4*", "--max-restore", "2", "--yes");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("the plan restores 3 images from the archive, more than --max-restore 2");
        assertThat(status(index)).isEqualTo("ARCHIVED");

        JarProcess.Result run = ecr.ecrsweep(home, "restore", "-r", "web", "--tag", "v1.4*", "--yes");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("restore started 3").contains("a restore takes up to 20 minutes");
        assertThat(List.of(status(index), status(amd), status(arm))).containsOnly("ACTIVATING");
        assertThat(status(older)).isEqualTo("ARCHIVED");
        assertThat(status(active)).isNotIn("ARCHIVED", "ACTIVATING");

        // Asked again, nothing is archived any more: nothing to do, nothing sent.
        JarProcess.Result again = ecr.ecrsweep(home, "restore", "-r", "web", "--tag", "v1.4*", "--yes");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("no archived image to restore");
    }

    @Test
    void aReviewedRestorePlanIsAppliedAndAnImageRestoredSinceIsSkipped() throws Exception {
        Seed seed = new Seed();
        SeedImage a = seed.image("web", "a", EndToEndIT.daysAgo(200), "old-a");
        SeedImage b = seed.image("web", "b", EndToEndIT.daysAgo(210), "old-b");
        ecr.seed(seed);
        archive(a, b);
        Path plan = home.resolve("restore.json");
        JarProcess.Result review = ecr.ecrsweep(
                home, "restore", "-r", "web", "--older-than", "100d", "--dry-run", "--out", plan.toString());
        assertThat(review.exitCode()).as(review.err()).isZero();
        try (EcrClient client = ecr.client()) {
            client.updateImageStorageClass(r -> r.repositoryName("web")
                    .imageId(id -> id.imageDigest(b.digest()))
                    .targetStorageClass(TargetStorageClass.STANDARD));
        }

        JarProcess.Result apply = ecr.ecrsweep(home, "apply", plan.toString(), "--yes", "-o", "json");

        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(apply.out()));
        assertThat(d.get(a.digest()).get("result").asText()).as(apply.err()).isEqualTo("restoring");
        assertThat(d.get(b.digest()).get("result").asText()).isEqualTo("skipped");
        assertThat(status(a)).isEqualTo("ACTIVATING");
    }
}
