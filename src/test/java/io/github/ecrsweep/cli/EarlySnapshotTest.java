package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.snapshot.SnapshotRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot read on the other core while the command line is built is what the run reads only when it reads
 * the same files, unchanged; otherwise the run reads them itself, and an invalid one fails as it always did.
 */
class EarlySnapshotTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeftForTheNextTest() {
        EarlySnapshot.take(List.of());
    }

    private Path example(String name) throws IOException {
        return Files.copy(Path.of("examples/registry.json"), dir.resolve(name));
    }

    private static List<String> names(SnapshotRegistry registry) {
        return registry.listRepositories().stream().map(r -> r.name()).toList();
    }

    @Test
    void theRunTakesWhatWasReadOnceWhenItReadsTheSameUnchangedFiles() throws Exception {
        Path file = example("registry.json");
        java.util.concurrent.atomic.AtomicBoolean then = new java.util.concurrent.atomic.AtomicBoolean();
        EarlySnapshot.start(List.of(file), () -> then.set(true)).join();

        SnapshotRegistry early = EarlySnapshot.take(List.of(file));

        assertThat(then).as("what comes after the reading ran on its thread").isTrue();
        assertThat(early).isNotNull();
        assertThat(names(early)).isEqualTo(names(SnapshotRegistry.load(List.of(file))));
        assertThat(EarlySnapshot.take(List.of(file))).as("taken once").isNull();
    }

    @Test
    void aFileChangedSinceIsReadAgainByTheRun() throws Exception {
        Path file = example("registry.json");
        EarlySnapshot.start(List.of(file), () -> {}).join();
        String changed = Files.readString(file).replace("platform/web", "platform/www");
        Files.writeString(file, changed);
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));

        assertThat(EarlySnapshot.take(List.of(file))).isNull();
        assertThat(names(RegistryFactory.snapshot(List.of(file)))).contains("platform/www");
    }

    @Test
    void otherFilesAreReadByTheRun() throws Exception {
        Path first = example("a.json");
        Path second = example("b.json");
        EarlySnapshot.start(List.of(first), () -> {}).join();

        assertThat(EarlySnapshot.take(List.of(first, second))).isNull();
        assertThat(EarlySnapshot.take(List.of(first)))
                .as("dropped by the first reading")
                .isNull();
    }

    @Test
    void anInvalidSnapshotFailsWithTheErrorReadingItGives() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.json"), "{\"imageDetails\": [");
        String expected = "";
        try {
            SnapshotRegistry.load(List.of(file));
        } catch (RegistryException e) {
            expected = e.getMessage();
        }
        assertThat(expected).contains("invalid snapshot file");
        EarlySnapshot.start(List.of(file), () -> {}).join();

        assertThatThrownBy(() -> EarlySnapshot.take(List.of(file)))
                .isInstanceOf(RegistryException.class)
                .hasMessage(expected);
    }

    @Test
    void aMissingFileIsLeftToTheRun() {
        java.util.concurrent.atomic.AtomicBoolean then = new java.util.concurrent.atomic.AtomicBoolean();
        assertThat(EarlySnapshot.start(List.of(dir.resolve("missing.json")), () -> then.set(true)))
                .isNull();
        assertThat(then).as("left to the caller").isFalse();
        assertThat(EarlySnapshot.take(List.of(dir.resolve("missing.json")))).isNull();
    }

    @Test
    void theCommandLineStartsItAlsoForAVerboseRunButNotForHelp() throws Exception {
        Path file = example("registry.json");
        String[][] without = {
            {"list", "--snapshot", file.toString(), "--help"},
            {"list", "-v", "--snapshot", file.toString(), "--version"},
            {"list", "--images", "-r", "web"},
        };
        for (String[] args : without) {
            RegistryFactory.prepare(Map.of(), args);
            assertThat(EarlySnapshot.take(List.of(file)))
                    .as(String.join(" ", args))
                    .isNull();
        }
        RegistryFactory.prepare(Map.of(), "delete-untagged", "--all", "--snapshot=" + file);
        assertThat(EarlySnapshot.take(List.of(file))).isNotNull();
        // Neither the read nor the JSON set-up after it logs: a verbose run reads early too, and its steps are
        // timed as a plain run's are.
        for (String verbose : new String[] {"-v", "-vvv", "--verbose"}) {
            assertThat(RegistryFactory.prepare(Map.of(), "list", verbose, "--snapshot", file.toString()))
                    .as("no TLS set-up for a snapshot")
                    .isFalse();
            assertThat(EarlySnapshot.take(List.of(file))).as(verbose).isNotNull();
        }
    }
}
