package io.github.ecrsweep.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files named by a user are read within their limit, also when they grow while they are read. */
class InputFileTest {

    @TempDir
    Path dir;

    @Test
    void aStreamReadsTheWholeFileWithinTheLimit() throws Exception {
        Path file = Files.writeString(dir.resolve("a.json"), "x".repeat(100));

        try (InputStream in = InputFile.open(file, 100, "snapshot file")) {
            assertThat(in.readAllBytes()).hasSize(100);
        }
    }

    @Test
    void aFileThatGrowsPastTheLimitWhileReadIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("growing.json"), "x".repeat(100));

        try (InputStream in = InputFile.open(file, 150, "snapshot file")) {
            Files.writeString(file, "y".repeat(100), StandardOpenOption.APPEND);
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(InputFile.TooLargeException.class)
                    .hasMessage("larger than 150 bytes, the limit for a snapshot file");
        }
    }

    @Test
    void bytesSkippedCountTowardsTheLimit() throws Exception {
        Path file = Files.writeString(dir.resolve("skipped.json"), "x".repeat(100));

        try (InputStream in = InputFile.open(file, 150, "snapshot file")) {
            Files.writeString(file, "y".repeat(100), StandardOpenOption.APPEND);
            in.skipNBytes(140);
            assertThat(in.readNBytes(10)).hasSize(10);
            assertThatThrownBy(in::read).isInstanceOf(InputFile.TooLargeException.class);
        }
    }

    @Test
    void whatCannotBeOpenedIsSaidInAFewWords() throws Exception {
        assertThatThrownBy(() -> InputFile.open(dir.resolve("missing.json"), 100, "snapshot file"))
                .hasMessage("no such file");
        assertThatThrownBy(() -> InputFile.open(dir, 100, "snapshot file")).hasMessage("it is a directory");
        Path large = Files.writeString(dir.resolve("large.json"), "x".repeat(2048));
        assertThatThrownBy(() -> InputFile.open(large, 1024, "snapshot file"))
                .hasMessage("larger than 1 KiB, the limit for a snapshot file");
    }
}
