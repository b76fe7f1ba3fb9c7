package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.rules.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs a hostile or careless world can give: none of them hangs, deletes by mistake, leaks a secret or drives the terminal. */
class HardeningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGISTRY = "examples/registry.json";

    @TempDir
    Path dir;

    private static void assertUsageError(CliRunner.Run r) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.err()).hasSize(1).allMatch(l -> l.startsWith("ecrsweep: "));
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void plainHttpToAnotherHostIsRefusedBeforeAnyCall() {
        CliRunner.Run r =
                CliRunner.create().run("list", "--region", "eu-west-1", "--endpoint-url", "http://10.0.0.5:4566");

        assertUsageError(r);
        assertThat(r.err()).contains("refusing plain HTTP to 10.0.0.5").contains("--allow-insecure-endpoint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://AKIAXXXX:s3cr3t-value@ecr.example.com", "https://user:s3cr3t-value@bad host"})
    void credentialsInAnEndpointUrlAreRefusedAndNeverRepeated(String url) {
        CliRunner.Run r = CliRunner.create().run("list", "--region", "eu-west-1", "--endpoint-url", url);

        assertUsageError(r);
        assertThat(r.err()).doesNotContain("s3cr3t-value").doesNotContain("AKIAXXXX");
    }

    @Test
    void nowIsForPlansOnlyNeverToAgeImagesOnARealRun() {
        MemoryRegistry registry = MemoryRegistry.of(Path.of(REGISTRY));

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .run("delete-untagged", "--all", "--yes", "--now", "2030-01-01T00:00:00Z");

        assertUsageError(r);
        assertThat(r.err()).contains("--now is only for --dry-run and --snapshot");
        assertThat(registry.deletions).isEmpty();
        assertThat(CliRunner.create()
                        .registries(o -> registry)
                        .run("delete-untagged", "--all", "--dry-run", "--now", "2030-01-01T00:00:00Z")
                        .exitCode())
                .isZero();
    }

    @Test
    void untaggedImagesYoungerThanADayStayUnlessTheGraceIsLoweredExplicitly() throws Exception {
        Path snapshot = dir.resolve("fresh.json");
        Files.writeString(snapshot, """
                {"ecrsweepRegistryExport": 1, "exportedAt": "2026-06-15T12:00:00Z", "repositories": [{"repositoryName": "web",
                 "imageDetails": [{"imageDigest": "%s", "imagePushedAt": "2026-06-15T10:00:00Z", "imageSizeInBytes": 1}]}]}
                """.formatted(TestImages.digestOf("fresh")));

        CliRunner.Run byDefault = CliRunner.create()
                .run("delete-untagged", "--all", "--snapshot", snapshot.toString(), "-o", "json", "--explain");
        CliRunner.Run lowered = CliRunner.create()
                .run("delete-untagged", "--all", "--snapshot", snapshot.toString(), "-o", "json", "--older-than", "0");

        assertThat(JSON.readTree(byDefault.out())
                        .get("repositories")
                        .get(0)
                        .get("images")
                        .get(0)
                        .get("reason")
                        .asText())
                .isEqualTo("not-old-enough");
        assertThat(JSON.readTree(lowered.out()).get("summary").get("delete").asInt())
                .isEqualTo(1);
    }

    @Test
    void textFromASnapshotCannotDriveTheTerminalNorRunInASpreadsheet() throws Exception {
        Path snapshot = dir.resolve("hostile.json");
        String tag = "v1\\u001b[2J\\u001b]0;pwned\\u0007\\u202etxt.exe";
        Files.writeString(snapshot, """
                {"ecrsweepRegistryExport": 1, "exportedAt": "2026-06-15T12:00:00Z", "repositories": [{"repositoryName": "web",
                 "imageDetails": [
                   {"imageDigest": "%s", "imageTags": ["%s"], "imagePushedAt": "2026-01-15T10:00:00Z", "imageSizeInBytes": 1},
                   {"imageDigest": "%s", "imageTags": ["=HYPERLINK(\\"http://x\\")", "+1", "@SUM(A1)"], "imagePushedAt": "2026-01-15T10:00:00Z"}]}]}
                """.formatted(TestImages.digestOf("a"), tag, TestImages.digestOf("b")));

        CliRunner.Run table = CliRunner.create().run("list", "--images", "--all", "--snapshot", snapshot.toString());
        CliRunner.Run csv =
                CliRunner.create().run("list", "--images", "--all", "--snapshot", snapshot.toString(), "-o", "csv");
        CliRunner.Run json =
                CliRunner.create().run("list", "--images", "--all", "--snapshot", snapshot.toString(), "-o", "json");

        for (String out : List.of(table.out(), csv.out(), json.out())) {
            assertThat(out).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e");
        }
        assertThat(table.out()).contains("v1\\u001b[2J\\u001b]0;pwned\\u0007\\u202etxt.exe");
        assertThat(csv.out()).contains(",\"'=HYPERLINK(\"\"http://x\"\");+1;@SUM(A1)\",");
        assertThat(JSON.readTree(json.out())
                        .get("repositories")
                        .get(0)
                        .get("imageDetails")
                        .get(0)
                        .get("imageTags")
                        .get(0)
                        .asText())
                .as("the JSON still carries the exact tag, escaped")
                .isEqualTo("v1\u001b[2J\u001b]0;pwned\u0007\u202etxt.exe");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "validate FIFO",
                "put-policy -r platform/web --policy FIFO --snapshot " + REGISTRY,
                "put-policy -r platform/web --policy /dev/zero --snapshot " + REGISTRY,
                "list --snapshot /dev/zero",
                "list --snapshot FIFO"
            })
    void aFifoOrADeviceIsAOneLineErrorNotAHang(String command) throws Exception {
        Path fifo = dir.resolve("policy.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(
                mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available here");
        String[] args = command.replace("FIFO", fifo.toString()).split(" ");

        CliRunner.Run r = CliRunner.create().run(args);

        assertUsageError(r);
        assertThat(r.err()).contains("not a regular file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1e30", "\"0001-01-01T00:00:00Z\""})
    void timesOutsideWhatARegistryCanHoldAreRejectedNotReadAs1970(String pushedAt) throws Exception {
        Path snapshot = dir.resolve("times.json");
        Files.writeString(
                snapshot,
                "{\"imageDetails\": [{\"imageDigest\": \"" + TestImages.digestOf("x") + "\", \"imagePushedAt\": "
                        + pushedAt + "}]}");

        CliRunner.Run r = CliRunner.create().run("delete-untagged", "--all", "--snapshot", snapshot.toString());

        assertUsageError(r);
        assertThat(r.err()).contains("imageDetails[0].imagePushedAt").contains("not a time a registry can hold");
    }

    @Test
    void atFilesAreNotExpanded() throws Exception {
        Path args = dir.resolve("args.txt");
        Files.writeString(args, "delete-untagged --all --yes\n");

        CliRunner.Run r = CliRunner.create().run("@" + args);

        assertUsageError(r);
        assertThat(r.err()).contains("unknown command '@" + args + "'");
    }

    @Test
    void globsMatchWholeNamesAndTakeNoTimeToFail() {
        assertThat(io.github.ecrsweep.app.Selection.matches("team-a/*", "team-a/web"))
                .isTrue();
        assertThat(io.github.ecrsweep.app.Selection.matches("*-legacy", "billing-legacy"))
                .isTrue();
        assertThat(io.github.ecrsweep.app.Selection.matches("t?am/*/x", "team/a/b/x"))
                .isTrue();
        assertThat(io.github.ecrsweep.app.Selection.matches("team", "team-a")).isFalse();
        assertThat(io.github.ecrsweep.app.Selection.matches("*a*b", "xaxbxa")).isFalse();
        // The pattern that makes a backtracking regular expression take exponential time: answered at once.
        String name = "a".repeat(256);
        assertThat(io.github.ecrsweep.app.Selection.matches("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", name))
                .isFalse();
    }

    @org.junit.jupiter.api.Test
    void aHeapTooSmallIsToldWithTheOptionThatGivesMore() {
        String said = Cli.outOfMemoryMessage(48L * 1024 * 1024);
        org.assertj.core.api.Assertions.assertThat(said)
                .startsWith("out of memory: the Java heap (at most 48 MiB) is too small for this input")
                .contains("ECRSWEEP_JAVA_OPTS=-Xmx1024m")
                .contains("java -Xmx1024m -jar");
        org.assertj.core.api.Assertions.assertThat(Cli.outOfMemoryMessage(2048L * 1024 * 1024))
                .contains("ECRSWEEP_JAVA_OPTS=-Xmx8192m");
    }
}
