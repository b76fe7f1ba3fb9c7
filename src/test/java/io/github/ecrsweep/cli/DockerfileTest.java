package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The container image's build, checked without a container engine: its base image can only be one pinned by
 * digest, it runs as a numeric non-root user, and it passes hadolint where hadolint is installed.
 */
class DockerfileTest {

    private static final Path DOCKERFILE = Path.of("Dockerfile");

    @Test
    void theBaseImageIsPinnedByDigestOrTheBuildStopsAndTheUserIsNumeric() throws IOException {
        String text = Files.readString(DOCKERFILE);

        assertThat(text).containsPattern("(?m)^FROM \\$\\{BASE_IMAGE}$");
        // The build refuses a base image given without a digest.
        assertThat(text).containsPattern("case \"\\$BASE_IMAGE\" in \\*@sha256:\\*\\) ;; \\*\\).*exit 1");
        assertThat(text).doesNotContainPattern("(?m)^FROM [^$].*:[^@]*$");
        assertThat(text).containsPattern("(?m)^USER \\d+:\\d+$");
    }

    @Test
    void hadolintPassesWhereItIsInstalled() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("hadolint", DOCKERFILE.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            Assumptions.abort("hadolint is not installed: the Dockerfile is not linted here");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
