package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action (examples/github-action) as a runner runs it: its two steps, with the environment files GitHub
 * provides (GITHUB_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP), install the distribution archive this
 * build made (checked against its SHA-256) and plan a 100,000-image snapshot: the job summary stays within
 * GitHub's 1 MiB, and the outputs carry the counts and the plan's SHA-256.
 */
class GitHubActionIT {

    private static final Path ACTION = Path.of("examples/github-action");
    private static final long SUMMARY_LIMIT = 1024 * 1024;

    @TempDir
    Path runner;

    Path archive;
    String sha256;

    @BeforeEach
    void archive() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            archive = files.filter(f -> f.getFileName().toString().matches("ecrsweep-.*\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no distribution archive in target/: mvn package"));
        }
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
        for (String file : List.of("path", "output", "summary", "env")) {
            Files.writeString(runner.resolve(file), "");
        }
    }

    /** One step of the action, as the runner starts it: bash, the inputs as INPUT_* variables. */
    private Step step(String which, Map<String, String> inputs) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", ACTION.resolve("ecrsweep-action.sh").toString(), which)
                .redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        env.put("RUNNER_TEMP", runner.toString());
        env.put("GITHUB_PATH", runner.resolve("path").toString());
        env.put("GITHUB_OUTPUT", runner.resolve("output").toString());
        env.put("GITHUB_STEP_SUMMARY", runner.resolve("summary").toString());
        env.put("GITHUB_ENV", runner.resolve("env").toString());
        env.put("HOME", runner.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // What install put on GITHUB_PATH is on the PATH of the steps after it, as on a runner.
        String added = String.join(":", Files.readAllLines(runner.resolve("path")));
        env.put("PATH", (added.isEmpty() ? "" : added + ":") + System.getenv("PATH"));
        env.putAll(inputs);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        return new Step(p.exitValue(), out, err);
    }

    private record Step(int exit, String out, String err) {}

    /** The install step, of this build's archive, pinned to {@code checksum}. */
    private Step install(String checksum) throws IOException, InterruptedException {
        return step(
                "install",
                Map.of(
                        "INPUT_VERSION",
                        "test",
                        "INPUT_SHA256",
                        checksum,
                        "INPUT_ARCHIVE_URL",
                        archive.toAbsolutePath().toUri().toString()));
    }

    private Map<String, String> outputs() throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(runner.resolve("output"))) {
            int eq = line.indexOf('=');
            outputs.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return outputs;
    }

    @Test
    void theActionIsACompositeOfItsTwoStepsWithItsInputsAndOutputs() throws Exception {
        JsonNode action = new ObjectMapper(new YAMLFactory())
                .readTree(ACTION.resolve("action.yml").toFile());

        assertThat(action.at("/runs/using").asText()).isEqualTo("composite");
        assertThat(action.at("/inputs/sha256/required").asBoolean()).isTrue();
        assertThat(action.get("outputs").fieldNames())
                .toIterable()
                .contains("exit-code", "plan-sha256", "planned", "deleted", "failed", "bytes");
        for (JsonNode step : action.at("/runs/steps")) {
            assertThat(step.get("shell").asText()).isEqualTo("bash");
            assertThat(step.get("run").asText()).contains("ecrsweep-action.sh");
        }
    }

    @Test
    void aHundredThousandImagePlanFitsTheJobSummaryAndItsCountsAndChecksumAreOutputs() throws Exception {
        Path snapshot = runner.resolve("big.json");
        Process gen = new ProcessBuilder("python3", "src/bench/big_snapshot.py", snapshot.toString())
                .inheritIO()
                .start();
        assertThat(gen.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(gen.exitValue()).isZero();

        Step install = install(sha256);
        assertThat(install.exit()).as(install.out() + install.err()).isZero();
        assertThat(Files.readString(runner.resolve("path"))).contains("ecrsweep-");
        // Used again in the same job, the action installs nothing again: the archive is not fetched a second time.
        Step again = step(
                "install",
                Map.of(
                        "INPUT_VERSION",
                        "test",
                        "INPUT_SHA256",
                        sha256,
                        "INPUT_ARCHIVE_URL",
                        runner.resolve("gone.tar.gz").toUri().toString()));
        assertThat(again.exit()).as(again.out() + again.err()).isZero();

        Path plan = runner.resolve("plan.json");
        Step run = step(
                "run",
                Map.of(
                        "INPUT_COMMAND",
                        "delete-untagged",
                        "INPUT_ARGS",
                        "--all\n--snapshot\n" + snapshot + "\n--dry-run\n",
                        "INPUT_PLAN",
                        plan.toString(),
                        "INPUT_MAX_SUMMARY_BYTES",
                        "1000000"));

        assertThat(run.exit()).as(run.err()).isZero();
        String summary = Files.readString(runner.resolve("summary"));
        assertThat((long) summary.getBytes(StandardCharsets.UTF_8).length).isLessThan(SUMMARY_LIMIT);
        assertThat(summary)
                .contains("each repository is on one row; the JSON report (-o json, --report) lists every image")
                .contains("| big |");
        Map<String, String> outputs = outputs();
        String planSha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(plan)));
        assertThat(outputs)
                .containsEntry("exit-code", "0")
                .containsEntry("plan-sha256", planSha256)
                .containsEntry("deleted", "0");
        assertThat(Long.parseLong(outputs.get("planned"))).isGreaterThan(30_000);
        assertThat(Long.parseLong(outputs.get("bytes"))).isPositive();
    }

    @Test
    void aWrongChecksumRefusesToInstallAndAFailedCommandIsAnAnnotationWithItsExitStatus() throws Exception {
        Step wrong = install("0".repeat(64));
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.out()).contains("::error title=ecrsweep::the archive's SHA-256 is not the one pinned");
        Step empty = step("install", Map.of("INPUT_VERSION", "test", "INPUT_SHA256", ""));
        assertThat(empty.out()).contains("input 'sha256' is not a SHA-256");

        Step install = install(sha256);
        assertThat(install.exit()).isZero();
        Step failed = step(
                "run",
                Map.of(
                        "INPUT_COMMAND",
                        "delete-untagged",
                        "INPUT_ARGS",
                        "--all\n--snapshot\n" + runner.resolve("missing.json") + "\n--dry-run"));

        assertThat(failed.exit()).isEqualTo(2);
        assertThat(failed.out()).contains("::error title=ecrsweep::").contains("missing.json");
        assertThat(outputs()).containsEntry("exit-code", "2");
        assertThat(Files.readString(runner.resolve("summary"))).contains("No report: the command stopped");
    }
}
