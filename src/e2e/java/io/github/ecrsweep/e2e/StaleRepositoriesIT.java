package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

/** list --stale and delete-repository against the emulator: idle repositories found, deleted only when safe. */
@ExtendWith(EcrEmulator.class)
class StaleRepositoriesIT {

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    SeedImage oldTagged;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
        Seed seed = new Seed();
        SeedImage child = seed.image("old/app", "old-child", EndToEndIT.daysAgo(200));
        seed.index("old/app", "old-index", Seed.OCI_INDEX, EndToEndIT.daysAgo(200), List.of(child), "v1");
        oldTagged = seed.add(
                "old/app",
                new SeedImage(
                        "old-pulled",
                        "{\"schemaVersion\":2,\"name\":\"old-pulled\"}",
                        Seed.DOCKER_MANIFEST,
                        List.of("v0"),
                        EndToEndIT.daysAgo(400),
                        EndToEndIT.daysAgo(190),
                        20_000_000L,
                        null,
                        null));
        seed.image("live", "live-1", EndToEndIT.daysAgo(2), "main");
        seed.repository("empty/one");
        ecr.seed(seed);
    }

    private List<String> repositories() {
        try (EcrClient client = ecr.client()) {
            return client.describeRepositories().repositories().stream()
                    .map(Repository::repositoryName)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void listsTheIdleRepositoriesWithWhatTheyCost() throws Exception {
        JarProcess.Result stale = ecr.ecrsweep(home, "list", "--stale", "180d", "-o", "json");

        assertThat(stale.exitCode()).as(stale.err()).isZero();
        JsonNode report = EcrEmulator.json().readTree(stale.out());
        List<String> names = new ArrayList<>();
        report.get("repositories")
                .forEach(r -> names.add(r.get("repositoryName").asText()));
        // live was pushed 2 days ago; empty/one was created just now: neither is idle.
        assertThat(names).containsExactly("old/app");
        JsonNode old = report.get("repositories").get(0);
        assertThat(old.get("idleDays").asLong()).isBetween(189L, 190L);
        assertThat(old.get("images").asInt()).isEqualTo(3);
        assertThat(old.get("bytes").asLong()).isPositive();
        assertThat(old.get("lastPulledAt").asText()).isNotEmpty();

        JarProcess.Result table = ecr.ecrsweep(home, "list", "--stale", "180d");
        assertThat(table.out()).contains("old/app").contains("with no push and no recorded pull for 180d");
    }

    @Test
    void deletesAnEmptyRepositoryAndOneWithImagesOnlyWhenForcedAndNothingHoldsThem() throws Exception {
        JarProcess.Result empty = ecr.ecrsweep(home, "delete-repository", "-r", "empty/one", "--yes");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("Done: repositories deleted 1");
        assertThat(repositories()).doesNotContain("empty/one");

        JarProcess.Result notEmpty = ecr.ecrsweep(home, "delete-repository", "-r", "old/app", "--yes");
        assertThat(notEmpty.exitCode()).isNotZero();
        assertThat(notEmpty.err()).contains("holds 3 images: delete-repository deletes only empty repositories");
        assertThat(repositories()).contains("old/app");

        Path pins = home.resolve("pins.txt");
        Files.writeString(pins, "old/app@" + oldTagged.digest() + "\n");
        JarProcess.Result inUse = ecr.ecrsweep(
                home, "delete-repository", "-r", "old/app", "--force", "--pin-file", pins.toString(), "--yes");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.err()).contains("1 image stays ({in-use=1})");
        assertThat(ecr.digests("old/app")).hasSize(3);

        JarProcess.Result all = ecr.ecrsweep(home, "delete-repository", "--all", "--yes");
        assertThat(all.exitCode()).isEqualTo(2);
        assertThat(repositories()).contains("old/app", "live");

        JarProcess.Result forced = ecr.ecrsweep(home, "delete-repository", "-r", "old/app", "--force", "--yes");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("Done: repositories deleted 1, images deleted 3");
        assertThat(repositories()).containsExactly("live");
    }
}
