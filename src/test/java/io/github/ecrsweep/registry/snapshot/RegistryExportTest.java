package io.github.ecrsweep.registry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Snapshots read as streams: the same images whatever the order of the keys, the same places in messages. */
class RegistryExportTest {

    private static final String IMAGE =
            "{\"imageDigest\": \"sha256:%s\", \"imagePushedAt\": \"2026-05-04T06:00:00Z\"%s}";

    private static String image(char hex, String more) {
        return String.format(IMAGE, String.valueOf(hex).repeat(64), more);
    }

    @Test
    void anExportReadsTheSameWhateverTheOrderOfItsKeys() throws Exception {
        String repository = "{\"imageDetails\": [" + image('a', "") + "], \"repositoryName\": \"web\","
                + " \"lifecyclePolicyText\": null}";
        String usual = "{\"ecrsweepRegistryExport\": 1, \"exportedAt\": \"2026-11-20T09:00:00Z\", \"repositories\": ["
                + repository + "]}";
        String reordered = "{\"repositories\": [" + repository + "], \"exportedAt\": \"2026-11-20T09:00:00Z\","
                + " \"ecrsweepRegistryExport\": 1}";

        RegistryExport.Snapshot a = RegistryExport.read(usual, "x");
        RegistryExport.Snapshot b = RegistryExport.read(reordered, "x");

        assertThat(b).isEqualTo(a);
        assertThat(a.repositories().get(0).repository().name()).isEqualTo("web");
        assertThat(a.repositories().get(0).images()).hasSize(1);
    }

    @Test
    void theBundledExportReadsEveryImage() throws Exception {
        RegistryExport.Snapshot s = RegistryExport.read(Files.readString(Path.of("examples/registry.json")), "x");

        assertThat(s.repositories().stream().mapToInt(r -> r.images().size()).sum())
                .isEqualTo(30);
        assertThat(s.registryId()).isEqualTo("123456789012");
    }

    @Test
    void problemsKeepTheirPlaces() {
        String twice = "{\"imageDetails\": [" + image('a', "") + ", " + image('a', "") + "]}";
        String badTime = "{\"imageDetails\": [" + image('b', ", \"lastRecordedPullTime\": \"yesterday\"") + "]}";
        String two = "{\"imageDetails\": [" + image('c', ", \"repositoryName\": \"a\"") + ", "
                + image('d', ", \"repositoryName\": \"b\"") + "]}";
        String noName = "{\"ecrsweepRegistryExport\": 1, \"repositories\": [{\"imageDetails\": []}]}";

        assertThatThrownBy(() -> RegistryExport.read(twice, "x"))
                .hasMessage("imageDetails[1].imageDigest: sha256:" + "a".repeat(64) + " is listed twice");
        assertThatThrownBy(() -> RegistryExport.read(badTime, "x"))
                .hasMessage("imageDetails[0].lastRecordedPullTime: not a time (expected ISO-8601 or epoch seconds)");
        assertThatThrownBy(() -> RegistryExport.read(two, "x")).hasMessageContaining("entries of two repositories");
        assertThatThrownBy(() -> RegistryExport.read(noName, "x"))
                .hasMessage("repositories[0].repositoryName: missing");
        assertThatThrownBy(() -> RegistryExport.read("{\"imageDetails\": [", "x"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aStreamOfBytesReadsAsTheTextDoes() throws Exception {
        String text = Files.readString(Path.of("examples/registry.json"));

        RegistryExport.Snapshot fromBytes =
                RegistryExport.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "x");

        assertThat(fromBytes).isEqualTo(RegistryExport.read(text, "x"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirPlace() {
        byte[] latin1 = ("{\"imageDetails\": [" + image('a', ", \"repositoryName\": \"caf\u00e9\"") + "]}")
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> RegistryExport.read(new ByteArrayInputStream(latin1), "x"))
                .isInstanceOf(RegistryExport.FormatException.class)
                .hasMessageStartingWith("line 1, column ")
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("UTF-8");
    }
}
