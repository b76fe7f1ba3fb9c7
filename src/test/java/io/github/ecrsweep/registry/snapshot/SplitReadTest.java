package io.github.ecrsweep.registry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.registry.snapshot.SplitRead.Way;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read in two parts on two threads reads as it does from start to end: the same images, or the same error
 * with the same place, whatever is at the cut.
 */
class SplitReadTest {

    private static final long MAX = 1L << 30;

    @TempDir
    Path dir;

    /** What reading gives: the snapshot, or the error's class and message. */
    private static Object outcome(ThrowingRead read) {
        try {
            return read.read();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private interface ThrowingRead {
        Object read() throws Exception;
    }

    private static Object inOrder(Path file) {
        return outcome(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                return RegistryExport.read(in, "fallback");
            }
        });
    }

    /** Reads the file both ways, checks they agree, and tells how the split read went. */
    private static Way readBothWays(Path file) throws Exception {
        SplitRead.Told told = SplitRead.read(file, MAX, "fallback", 0);
        Object split = outcome(told::result);
        assertThat(split).as("%s read in two parts", file).isEqualTo(inOrder(file));
        return told.way();
    }

    private static String digest(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "sha256:" + HexFormat.of().formatHex(bytes);
    }

    /**
     * One entry as describe-images writes it, with what a snapshot may hold besides; {@code tricky}: sometimes a
     * string that looks like the end of one entry and the start of another.
     */
    private static String entry(Random random, String digest, String repository, boolean tricky) {
        StringBuilder e = new StringBuilder("{");
        List<String> fields = new ArrayList<>();
        fields.add("\"imageDigest\": \"" + digest + "\"");
        fields.add(String.format(
                "\"imagePushedAt\": \"2026-%02d-%02dT%02d:%02d:00+00:00\"",
                1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60)));
        int tags = random.nextInt(4);
        if (tags > 0 || random.nextBoolean()) {
            List<String> t = new ArrayList<>();
            for (int i = 0; i < tags; i++) {
                t.add("\"v" + random.nextInt(1000) + "-" + i + "\"");
            }
            fields.add("\"imageTags\": [" + String.join(", ", t) + "]");
        }
        fields.add("\"imageSizeInBytes\": " + random.nextInt(1 << 30));
        if (repository != null) {
            fields.add("\"repositoryName\": \"" + repository + "\"");
            fields.add("\"registryId\": \"12345678901" + random.nextInt(2) + "\"");
        }
        switch (random.nextInt(6)) {
            case 0 ->
                fields.add(
                        !tricky
                                ? "\"n\": 1"
                                : "\"note\": \"}, {\\\"imageDigest\\\": \\\"" + digest(random) + "\\\"}, {\"");
            case 1 ->
                fields.add("\"imageScanFindingsSummary\": {\"findingSeverityCounts\": {\"HIGH\": 2}, \"x\": [{}, {}]}");
            case 2 -> fields.add("\"imageManifestMediaType\": \"application/vnd.oci.image.manifest.v1+json\"");
            default -> {}
        }
        java.util.Collections.shuffle(fields, random);
        e.append(String.join(", ", fields));
        return e.append("}").toString();
    }

    /** A describe-images file or an export of several repositories, written compact or indented. */
    private static String file(Random random, int images, boolean tricky) {
        boolean export = random.nextInt(3) == 0;
        String separator = random.nextBoolean() ? ",\n        " : random.nextBoolean() ? "," : " ,\t";
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            digests.add(digest(random));
        }
        if (!export) {
            List<String> entries = new ArrayList<>();
            for (String d : digests) {
                entries.add(entry(random, d, random.nextInt(3) == 0 ? "app" : null, tricky));
            }
            return "{\n    \"imageDetails\": [\n        " + String.join(separator, entries) + "\n    ]"
                    + (random.nextBoolean() ? ",\n    \"nextToken\": \"abc\"" : "") + "\n}\n";
        }
        int repositories = 1 + random.nextInt(3);
        StringBuilder out = new StringBuilder(
                "{\"ecrsweepRegistryExport\": 1, \"exportedAt\": \"2026-06-01T00:00:00Z\"," + " \"repositories\": [");
        for (int r = 0; r < repositories; r++) {
            List<String> entries = new ArrayList<>();
            for (int i = r; i < digests.size(); i += repositories) {
                entries.add(entry(random, digests.get(i), null, tricky));
            }
            out.append(r == 0 ? "" : ", ")
                    .append("{\"repositoryName\": \"r")
                    .append(r)
                    .append("\", \"imageDetails\": [")
                    .append(String.join(separator, entries))
                    .append("]}");
        }
        return out.append("]}").toString();
    }

    /** The file with one of the faults a snapshot can have, most of them past its middle. */
    private static String faulty(Random random, String text) {
        int middle = text.length() / 2;
        int past = middle + random.nextInt(Math.max(1, text.length() - middle));
        return switch (random.nextInt(8)) {
            // a digest of the first half given again in the second
            case 0 -> {
                int at = text.indexOf("sha256:");
                String first = text.substring(at, at + 71);
                int later = text.indexOf("\"imageDigest\": \"sha256:", middle);
                yield later < 0 ? text : text.substring(0, later + 16) + first + text.substring(later + 16 + 71);
            }
            // another repository named in the second half
            case 1 -> text.substring(0, middle) + text.substring(middle).replaceFirst("\"app\"", "\"other\"");
            // a byte gone
            case 2 -> text.substring(0, past) + text.substring(past + 1);
            // cut short
            case 3 -> text.substring(0, past);
            // a comma and a brace added
            case 4 -> text.substring(0, past) + "},{" + text.substring(past);
            // a string across the middle that looks like entries
            case 5 ->
                text.substring(0, text.lastIndexOf("{\"", middle) + 1) + "\"pad\": \""
                        + "}, {\\\"x\\\": 1}, {".repeat(1 + random.nextInt(50)) + "\", "
                        + text.substring(text.lastIndexOf("{\"", middle) + 1);
            // an entry that is not an object
            case 6 ->
                text.substring(0, past)
                        + text.substring(past).replaceFirst("\\{\"", "[\"").replaceFirst("}", "]");
            default -> text;
        };
    }

    @Test
    void filesReadInTwoPartsReadAsFromStartToEnd() throws Exception {
        Random random = new Random(20261207);
        Map<Way, Integer> ways = new EnumMap<>(Way.class);
        for (int i = 0; i < 400; i++) {
            String text = file(random, 2 + random.nextInt(60), true);
            if (random.nextInt(3) > 0) {
                text = faulty(random, text);
            }
            Path file = Files.writeString(dir.resolve("f" + i + ".json"), text);
            ways.merge(readBothWays(file), 1, Integer::sum);
        }
        // Every way a read can go was taken, so each was compared with the read in order.
        assertThat(ways).containsKeys(Way.JOINED, Way.NOT_CUT_OUT, Way.AGAIN);
        assertThat(ways.get(Way.JOINED)).isGreaterThan(100);
    }

    @Test
    void aLargeFileIsReadInTwoParts() throws Exception {
        Random random = new Random(7);
        Path file = Files.writeString(dir.resolve("big.json"), file(random, 2000, false));

        assertThat(readBothWays(file)).isIn(Way.JOINED);
    }

    @Test
    void aSmallFileIsReadInOrder() throws Exception {
        Path file = Files.writeString(dir.resolve("small.json"), file(new Random(3), 10, false));

        assertThat(SplitRead.read(file, MAX, "fallback", 1 << 20).way()).isEqualTo(Way.IN_ORDER);
        assertThat(readBothWays(file)).isNotEqualTo(Way.IN_ORDER);
    }

    @Test
    void aDigestInBothPartsIsRefusedWithThePlaceOfItsSecondEntry() throws Exception {
        StringBuilder text = new StringBuilder("{\"imageDetails\": [");
        for (int i = 0; i < 100; i++) {
            String hex = String.format("%064x", i == 80 ? 10 : i);
            text.append(i == 0 ? "" : ", ")
                    .append("{\"imageDigest\": \"sha256:")
                    .append(hex)
                    .append("\", \"imagePushedAt\": \"2026-05-04T06:00:00Z\"}");
        }
        Path file =
                Files.writeString(dir.resolve("twice.json"), text.append("]}").toString());

        assertThat(readBothWays(file)).isEqualTo(Way.AGAIN);
        assertThat(inOrder(file).toString()).contains("imageDetails[80].imageDigest: sha256:", "is listed twice");
    }

    @Test
    void nestingPastTheLimitIsRefusedInEitherPartAsInTheWholeFile() throws Exception {
        int limit = RegistryExport.constraints().getMaxNestingDepth();
        for (int depth = limit - 5; depth <= limit + 1; depth++) {
            StringBuilder text = new StringBuilder("{\"imageDetails\": [");
            for (int i = 0; i < 40; i++) {
                text.append(i == 0 ? "" : ", ")
                        .append("{\"imageDigest\": \"sha256:")
                        .append(String.format("%064x", i))
                        .append("\", \"imagePushedAt\": \"2026-05-04T06:00:00Z\"");
                if (i == 30) {
                    // The file's object, the array and the entry are three levels: the extra field adds the rest.
                    text.append(", \"deep\": ").append("[".repeat(depth - 3)).append("]".repeat(depth - 3));
                }
                text.append("}");
            }
            Path file = Files.writeString(
                    dir.resolve("deep" + depth + ".json"), text.append("]}").toString());

            readBothWays(file);
            assertThat(inOrder(file).toString().contains("depth"))
                    .as("depth %d refused", depth)
                    .isEqualTo(depth > limit);
        }
    }

    @Test
    void aSecondPartThatBeginsAtARepositoryGivesUpAtItsImages() throws Exception {
        // One image per repository: every comma between two braces is between two repositories. Each repository
        // also has the fields of an image entry, and the same name (one file is read apart from the others), so
        // only its images tell it from an entry of describe-images output.
        StringBuilder text = new StringBuilder("{\"ecrsweepRegistryExport\": 1, \"repositories\": [");
        for (int r = 0; r < 200; r++) {
            text.append(r == 0 ? "" : ", ")
                    .append("{\"repositoryName\": \"r\", \"imageDigest\": \"sha256:")
                    .append(String.format("%064x", 1000 + r))
                    .append(
                            "\", \"imagePushedAt\": \"2026-05-04T06:00:00Z\", \"imageDetails\": [{\"imageDigest\": \"sha256:")
                    .append(String.format("%064x", r))
                    .append("\", \"imagePushedAt\": \"2026-05-04T06:00:00Z\"}]}");
        }
        Path file = Files.writeString(
                dir.resolve("repositories.json"), text.append("]}").toString());

        // The second thread stops at the first repository's images, not read as one tree of all that follow.
        assertThat(readBothWays(file)).isEqualTo(Way.NOT_CUT_OUT);
        assertThat(inOrder(file).toString()).contains("repositories=[RepositoryData");
    }

    @Test
    void aFileInUtf16IsReadInOrder() throws Exception {
        String text = file(new Random(11), 30, true);
        Path file = dir.resolve("utf16.json");
        Files.write(file, text.getBytes(StandardCharsets.UTF_16BE));

        assertThat(readBothWays(file)).isEqualTo(Way.IN_ORDER);
    }
}
