package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ecrsweep list}, whole, and the snapshot round trip through its JSON. */
class ListCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGISTRY = "examples/registry.json";

    @TempDir
    Path dir;

    @Test
    void withoutSelectionItListsOneRowPerRepository() {
        CliRunner.Run r = CliRunner.create().run("list", "--snapshot", REGISTRY);

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .startsWith("REPOSITORY")
                .contains("IMAGES")
                .contains("UNTAGGED")
                .contains("SIZE")
                .contains("RECLAIMABLE")
                .contains("POLICY");
        assertThat(lines.get(1)).startsWith("batch/worker").endsWith("yes");
        assertThat(lines.get(2)).matches("platform/api\\s+10\\s+6\\s+.*no");
        assertThat(lines)
                .last()
                .asString()
                .startsWith("4 repositories of snapshot examples/registry.json of account 123456789012 (eu-west-1), ");
    }

    @Test
    void reclaimableIsWhatDeleteUntaggedWouldFreeWithItsDefaults() throws Exception {
        CliRunner.Run list = CliRunner.create().run("list", "--snapshot", REGISTRY, "-o", "json");
        CliRunner.Run plan = CliRunner.create().run("delete-untagged", "--all", "--snapshot", REGISTRY, "-o", "json");

        long reclaimable = 0;
        for (JsonNode r : JSON.readTree(list.out()).get("repositories")) {
            reclaimable += r.get("reclaimableBytes").asLong();
        }
        assertThat(reclaimable)
                .isPositive()
                .isEqualTo(JSON.readTree(plan.out()).get("summary").get("bytes").asLong());
        assertThat(JSON.readTree(list.out()).get("account").asText()).isEqualTo("123456789012");
    }

    @Test
    void onATerminalTablesFitItsWidthUnlessWide() {
        CliRunner.Run narrow =
                CliRunner.create().columns(110).run("list", "--images", "-r", "platform/web", "--snapshot", REGISTRY);
        CliRunner.Run wide = CliRunner.create()
                .columns(110)
                .run("list", "--images", "-r", "platform/web", "--snapshot", REGISTRY, "--wide");

        assertThat(narrow.out().lines().filter(l -> l.startsWith("platform/web")))
                .allMatch(l -> l.length() <= 110);
        assertThat(narrow.out()).contains("...");
        assertThat(wide.out().lines().mapToInt(String::length).max().orElse(0)).isGreaterThan(110);
        assertThat(wide.out()).contains("sha256-f4b5df2db82ed718d46323df1088e44741e7ddfa136b31c99e9b1878f8878c8b.sig");
    }

    @Test
    void imageFiltersNeedImages() {
        CliRunner.Run r = CliRunner.create().run("list", "--untagged", "--snapshot", REGISTRY);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("ecrsweep: Missing required argument(s): --images (see 'ecrsweep list --help')\n");
    }

    @Test
    void perImageRowsShowTheKindInTheGraph() {
        CliRunner.Run r = CliRunner.create().run("list", "--images", "-r", "platform/web", "--snapshot", REGISTRY);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("v2.4.0,latest")
                .containsPattern("platform/web\\s+\\w{12}\\s+-\\s+.*\\s+child\\s+active")
                .containsPattern("\\s+index\\s+active")
                .containsPattern("\\s+signature\\s+active")
                .contains(
                        "14 images in 1 repository of snapshot examples/registry.json of account 123456789012 (eu-west-1).");
    }

    @Test
    void filtersUntaggedAndOld() {
        CliRunner.Run r = CliRunner.create()
                .run(
                        "list",
                        "--images",
                        "--all",
                        "--untagged",
                        "--older-than",
                        "30d",
                        "--snapshot",
                        REGISTRY,
                        "-o",
                        "csv");

        List<String> rows = r.out().lines().skip(1).toList();
        assertThat(rows).isNotEmpty().allMatch(l -> l.split(",")[2].isEmpty() || l.split(",")[2].startsWith("sha256-"));
        assertThat(rows).noneMatch(l -> l.contains("2026-11-"));
    }

    @Test
    void olderThanAgesARestoredImageFromItsRestoreAsDeleteUntaggedDoes() throws Exception {
        Path snapshot = dir.resolve("restored.json");
        Files.writeString(snapshot, """
                {"ecrsweepRegistryExport": 1, "exportedAt": "2026-11-20T00:00:00Z", "region": "eu-west-1",
                 "repositories": [{"repositoryName": "app", "imageDetails": [
                   {"imageDigest": "sha256:%s", "imagePushedAt": "2026-06-01T00:00:00Z", "imageSizeInBytes": 10,
                    "imageStatus": "ACTIVE", "lastArchivedAt": "2026-08-01T00:00:00Z",
                    "lastActivatedAt": "2026-11-18T00:00:00Z"},
                   {"imageDigest": "sha256:%s", "imagePushedAt": "2026-06-01T00:00:00Z", "imageSizeInBytes": 10,
                    "imageStatus": "ACTIVE"}]}]}
                """.formatted("a".repeat(64), "b".repeat(64)));

        CliRunner.Run list = CliRunner.create()
                .run(
                        "list",
                        "--images",
                        "--all",
                        "--untagged",
                        "--older-than",
                        "30d",
                        "--snapshot",
                        snapshot.toString(),
                        "-o",
                        "csv");
        CliRunner.Run plan = CliRunner.create()
                .run("delete-untagged", "--all", "--older-than", "30d", "--snapshot", snapshot.toString(), "-o", "csv");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().skip(1).toList())
                .singleElement()
                .asString()
                .contains("sha256:" + "b".repeat(64));
        assertThat(plan.out().lines().skip(1).toList())
                .singleElement()
                .asString()
                .contains("sha256:" + "b".repeat(64));
    }

    static Stream<Arguments> plansFromTheExport() {
        return Stream.of(
                Arguments.of(
                        "delete-untagged",
                        new String[] {"delete-untagged", "--all", "--older-than", "7d", "--explain"}),
                Arguments.of("apply-all", new String[] {
                    "apply-all",
                    "--policy",
                    "examples/policies/keep-release-forever-expire-tagged-after-90-days.json",
                    "--explain"
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plansFromTheExport")
    void theJsonOfListAllIsASnapshotThatGivesTheSamePlans(String name, String[] command) throws Exception {
        CliRunner.Run export =
                CliRunner.create().run("list", "--images", "--all", "--snapshot", REGISTRY, "-o", "json");
        assertThat(export.exitCode()).isZero();
        Path copy = dir.resolve("copy.json");
        Files.writeString(copy, export.out());

        JsonNode original = plan(command, REGISTRY);
        JsonNode again = plan(command, copy.toString());

        assertThat(again.get("repositories")).isEqualTo(original.get("repositories"));
        assertThat(again.get("summary")).isEqualTo(original.get("summary"));
        assertThat(again.get("evaluatedAt")).isEqualTo(original.get("evaluatedAt"));
    }

    private static JsonNode plan(String[] command, String snapshot) throws Exception {
        String[] args = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(command),
                        java.util.stream.Stream.of("--snapshot", snapshot, "-o", "json"))
                .toArray(String[]::new);
        CliRunner.Run r = CliRunner.create().run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void anInvalidSnapshotNamesTheFileAndThePlace() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"imageDetails\": [{\"imageDigest\": \"latest\", \"imagePushedAt\": 1}]}");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"imageDetails\": [\n  {\"imageDigest\": }\n]}");

        CliRunner.Run r = CliRunner.create().run("list", "--snapshot", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("ecrsweep: invalid snapshot file '" + bad
                        + "': imageDetails[0].imageDigest: not an image digest: 'latest'\n");

        CliRunner.Run r2 = CliRunner.create().run("list", "--snapshot", broken.toString());
        assertThat(r2.exitCode()).isEqualTo(2);
        assertThat(r2.err())
                .startsWith("ecrsweep: invalid snapshot file '" + broken + "': line 2, column 19: not valid JSON");
        assertThat(r2.err().lines()).hasSize(1);
    }
}
