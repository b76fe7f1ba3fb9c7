package io.github.ecrsweep.registry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.MediaTypes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    void anEntryWithEveryFieldLeavesNothingToTheBareEntryAfterIt() throws Exception {
        // The entries of an array are read one after the other into one object: nothing of one may reach the next.
        String tagged = image(
                'a',
                ", \"imageTags\": [\"v1\"], \"imageSizeInBytes\": 5,"
                        + " \"imageManifestMediaType\": \"application/vnd.oci.image.index.v1+json\","
                        + " \"artifactMediaType\": \"application/vnd.dev.cosign.artifact.sig.v1+json\","
                        + " \"lastRecordedPullTime\": \"2026-05-05T06:00:00Z\", \"imageStatus\": \"ARCHIVED\","
                        + " \"lastArchivedAt\": \"2026-05-06T06:00:00Z\", \"lastActivatedAt\": \"2026-05-07T06:00:00Z\","
                        + " \"subjectManifestDigest\": \"sha256:" + "c".repeat(64) + "\","
                        + " \"childDigests\": [\"sha256:" + "d".repeat(64) + "\"],"
                        + " \"repositoryName\": \"web\", \"registryId\": \"123456789012\"");
        String bare = image('b', "");

        Image first = RegistryExport.read("{\"imageDetails\": [" + tagged + "]}", "x")
                .repositories()
                .get(0)
                .images()
                .get(0);
        RegistryExport.Snapshot both = RegistryExport.read("{\"imageDetails\": [" + tagged + ", " + bare + "]}", "x");

        assertThat(both.repositories().get(0).images().get(0)).isEqualTo(first);
        assertThat(both.repositories().get(0).images().get(1))
                .isEqualTo(Image.builder(Digest.of("sha256:" + "b".repeat(64)), Instant.parse("2026-05-04T06:00:00Z"))
                        .build());
        assertThat(first.tags()).containsExactly("v1");
        assertThat(first.childDigests()).hasSize(1);
        assertThat(first.lastActivatedAt()).isEqualTo(Instant.parse("2026-05-07T06:00:00Z"));
    }

    @Test
    void tagsReadAsGivenHoweverManyThereAre() throws Exception {
        String text = "{\"imageDetails\": [" + image('a', ", \"imageTags\": []") + ", "
                + image('b', ", \"imageTags\": [\"x\"]") + ", " + image('c', ", \"imageTags\": [\"x\", \"y\"]")
                + ", " + image('d', ", \"imageTags\": [\"x\", \"y\", \"z\", \"w\"]") + "]}";

        java.util.List<Image> images =
                RegistryExport.read(text, "x").repositories().get(0).images();

        assertThat(images)
                .extracting(Image::tags)
                .containsExactly(
                        java.util.List.of(),
                        java.util.List.of("x"),
                        java.util.List.of("x", "y"),
                        java.util.List.of("x", "y", "z", "w"));
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
        for (String size : new String[] {"-1", "1.5", "1e3", "99999999999999999999", "\"5\"", "[]"}) {
            String text = "{\"imageDetails\": [" + image('e', ", \"imageSizeInBytes\": " + size) + "]}";
            assertThatThrownBy(() -> RegistryExport.read(text, "x"))
                    .as(size)
                    .hasMessage("imageDetails[0].imageSizeInBytes: expected a non-negative integer");
        }
    }

    /**
     * A key given twice is refused wherever it is: in an image entry (a field that is read, one that is not, or
     * inside one that is not), in a repository, at the top, and inside a value read whole.
     */
    @Test
    void aKeyGivenTwiceIsRefusedWhereverItIs() throws Exception {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            keys.append(", \"k").append(i).append("\": ").append(i);
        }
        String many = keys.toString();
        assertThat(RegistryExport.read("{\"imageDetails\": [" + image('a', many) + "]}", "x")
                        .repositories()
                        .get(0)
                        .images())
                .as("forty keys, each once")
                .hasSize(1);
        String[][] cases = {
            {
                "{\"imageDetails\": [" + image('a', ", \"imagePushedAt\": \"2026-05-04T06:00:00Z\"") + "]}",
                "imagePushedAt"
            },
            {
                "{\"imageDetails\": [" + image('a', ", \"imageDigest\": \"sha256:" + "b".repeat(64) + "\"") + "]}",
                "imageDigest"
            },
            {"{\"imageDetails\": [" + image('a', ", \"imageTags\": [], \"imageTags\": [\"x\"]") + "]}", "imageTags"},
            {
                "{\"imageDetails\": [" + image('a', ", \"imageScanStatus\": {}, \"imageScanStatus\": {}") + "]}",
                "imageScanStatus"
            },
            {
                "{\"imageDetails\": [" + image('a', ", \"imageScanStatus\": {\"status\": \"A\", \"status\": \"B\"}")
                        + "]}",
                "status"
            },
            {
                "{\"imageDetails\": [" + image('a', ", \"repositoryName\": \"a\", \"repositoryName\": \"b\"") + "]}",
                "repositoryName"
            },
            {"{\"imageDetails\": [" + image('a', many + ", \"k7\": 0") + "]}", "k7"},
            {"{\"imageDetails\": [" + image('a', many + ", \"k29\": 0") + "]}", "k29"},
            {"{\"imageDetails\": [], \"imageDetails\": []}", "imageDetails"},
            {"{\"imageDetails\": [], \"nextToken\": \"a\", \"nextToken\": \"b\"}", "nextToken"},
            {"{\"imageDetails\": [], \"more\": [{\"a\": {\"b\": 1, \"b\": 2}}]}", "b"},
            {
                "{\"ecrsweepRegistryExport\": 1, \"repositories\": [{\"repositoryName\": \"a\", \"imageDetails\": [],"
                        + " \"repositoryName\": \"b\"}]}",
                "repositoryName"
            },
            {
                "{\"ecrsweepRegistryExport\": 1, \"repositories\": [{\"repositoryName\": \"a\", \"imageDetails\": [],"
                        + " \"imageTagMutabilityExclusionFilters\": [{\"filter\": \"a\", \"filter\": \"b\"}]}]}",
                "filter"
            },
            {
                "{\"ecrsweepRegistryExport\": 1, \"repositories\": [], \"ecrsweepRegistryExport\": 1}",
                "ecrsweepRegistryExport"
            }
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> RegistryExport.read(c[0], "x"))
                    .as(c[0])
                    .isInstanceOf(RegistryExport.FormatException.class)
                    .hasMessageStartingWith("line 1, column ")
                    .hasMessageEndingWith("not valid JSON: duplicate key '" + c[1] + "'");
        }
    }

    /**
     * The usual forms of digests, times and media types are read straight from the parser's buffer; other forms
     * take the general path. Both read to the same image, and a common media type is its one shared string.
     */
    @Test
    void theUsualFormsAndTheOthersReadToTheSameImage() throws Exception {
        String usual =
                "{\"imageDigest\": \"sha256:" + "ab".repeat(32) + "\", \"imagePushedAt\": \"2026-05-04T06:00:00Z\","
                        + " \"imageSizeInBytes\": 9000000000,"
                        + " \"imageManifestMediaType\": \"application/vnd.oci.image.manifest.v1+json\","
                        + " \"lastRecordedPullTime\": \"2026-05-05T00:00:00.5+02:00\"}";
        String other = "{\"imageDigest\": \"sha256:" + "AB".repeat(32) + "\", \"imagePushedAt\": 1777874400,"
                + " \"imageSizeInBytes\": 9000000000,"
                + " \"imageManifestMediaType\": \"application/vnd.oci.image.manifest.v1+json\","
                + " \"lastRecordedPullTime\": 1777932000.5}";
        String rare = "{\"imageDigest\": \"sha512:" + "c".repeat(128) + "\", \"imagePushedAt\": \"2026-05-04T06:00Z\","
                + " \"imageManifestMediaType\": \"application/x-custom\"}";

        Image a = RegistryExport.read("{\"imageDetails\": [" + usual + "]}", "x")
                .repositories()
                .get(0)
                .images()
                .get(0);
        Image b = RegistryExport.read("{\"imageDetails\": [" + other + "]}", "x")
                .repositories()
                .get(0)
                .images()
                .get(0);
        Image c = RegistryExport.read("{\"imageDetails\": [" + rare + "]}", "x")
                .repositories()
                .get(0)
                .images()
                .get(0);

        assertThat(b).isEqualTo(a);
        assertThat(a.sizeInBytes()).isEqualTo(9_000_000_000L);
        assertThat(a.pushedAt()).isEqualTo(Instant.parse("2026-05-04T06:00:00Z"));
        assertThat(a.lastRecordedPullTime()).isEqualTo(Instant.parse("2026-05-04T22:00:00.5Z"));
        assertThat(a.manifestMediaType()).isSameAs(MediaTypes.OCI_MANIFEST);
        assertThat(c.digest()).isEqualTo(Digest.of("sha512:" + "c".repeat(128)));
        assertThat(c.pushedAt()).isEqualTo(Instant.parse("2026-05-04T06:00:00Z"));
        assertThat(c.manifestMediaType()).isEqualTo("application/x-custom");
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
