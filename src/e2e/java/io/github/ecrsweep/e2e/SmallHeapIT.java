package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A heap too small for the input ends the run with the option that gives it more, not a stack of collections. */
class SmallHeapIT {

    @TempDir
    Path home;

    @Test
    void aHeapTooSmallForTheSnapshotSaysWhichOptionGivesMore() throws Exception {
        Path snapshot = home.resolve("big.json");
        Instant pushed = Instant.parse("2026-01-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(snapshot)) {
            w.write("{\"imageDetails\":[");
            for (int i = 0; i < 120_000; i++) {
                w.write((i == 0 ? "" : ",") + "{\"registryId\":\"123456789012\",\"repositoryName\":\"big/repo"
                        + "\",\"imageDigest\":\"sha256:" + String.format("%064x", i)
                        + "\",\"imageSizeInBytes\":" + (1000 + i) + ",\"imagePushedAt\":\"" + pushed.plusSeconds(i)
                        + "\",\"imageManifestMediaType\":\"application/vnd.docker.distribution.manifest.v2+json\""
                        + (i % 3 == 0 ? ",\"imageTags\":[\"v" + i + "\"]" : "") + "}");
            }
            w.write("]}");
        }

        JarProcess.Result run = JarProcess.in(home)
                .env("JAVA_TOOL_OPTIONS", "-Xmx24m")
                .run("delete-untagged", "--all", "--snapshot", snapshot.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err())
                .contains("ecrsweep: out of memory: the Java heap (at most ")
                .contains("ECRSWEEP_JAVA_OPTS=-Xmx")
                .doesNotContain("\tat ");
    }
}
