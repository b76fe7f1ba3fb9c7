package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.app.Registries;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** --run-id in every report, and a merge that takes only the shards of one run and loses no change. */
class RunIdTest {

    private static final String REGISTRY = "examples/registry.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path shard(String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("delete-untagged", "--all", "--snapshot", REGISTRY, "-o", "json"));
        args.addAll(List.of(more));
        CliRunner.Run r = CliRunner.create().run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path file = dir.resolve(name);
        Files.writeString(file, r.out());
        return file;
    }

    private static CliRunner.Run merge(Path... files) {
        List<String> args = new ArrayList<>(List.of("report", "merge", "-o", "json"));
        for (Path f : files) {
            args.add(f.toString());
        }
        return CliRunner.create().run(args.toArray(String[]::new));
    }

    @Test
    void theRunIdIsInTheReportAndShardsOfOneRunMerge() throws Exception {
        Path a = shard("a.json", "--shard", "0/2", "--run-id", "nightly-42");
        Path b = shard("b.json", "--shard", "1/2", "--run-id", "nightly-42");

        CliRunner.Run merged = merge(a, b);

        assertThat(JSON.readTree(Files.readString(a)).get("runId").asText()).isEqualTo("nightly-42");
        assertThat(merged.exitCode()).as(merged.err()).isZero();
        assertThat(JSON.readTree(merged.out()).get("runId").asText()).isEqualTo("nightly-42");
    }

    @Test
    void shardsOfDifferentRunsAreRefusedNamingTheFiles() throws Exception {
        Path a = shard("a.json", "--shard", "0/2", "--run-id", "nightly-42");
        Path b = shard("b.json", "--shard", "1/2", "--run-id", "nightly-43");
        Path c = shard("c.json", "--shard", "1/2");

        CliRunner.Run other = merge(a, b);
        CliRunner.Run none = merge(a, c);

        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err())
                .contains("cannot merge: " + a + " and " + b + " are of different runs: run id 'nightly-42' and"
                        + " 'nightly-43'");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("run id 'nightly-42' and (none)");
    }

    @Test
    void shardsWithoutARunIdMergeOnlyWhenEvaluatedWithinFifteenMinutes() throws Exception {
        Path early = shard("early.json", "--shard", "0/2", "--now", "2026-11-20T09:00:00Z");
        Path close = shard("close.json", "--shard", "1/2", "--now", "2026-11-20T09:14:00Z");
        Path late = shard("late.json", "--shard", "1/2", "--now", "2026-11-20T09:40:00Z");

        CliRunner.Run together = merge(early, close);
        CliRunner.Run apart = merge(early, late);

        assertThat(together.exitCode()).as(together.err()).isZero();
        assertThat(apart.exitCode()).isEqualTo(2);
        assertThat(apart.err())
                .contains(early + " and " + late + " were evaluated 40 minutes apart, more than 15")
                .contains("same --run-id");
    }

    @Test
    void aRunIdIsAnIdOrTheVariableThatHoldsIt() {
        Map<String, String> env = Map.of(
                "JOB_NAME", "ecrsweep-29311420",
                "AWS_BATCH_JOB_ID", "5f8e2c1a-0b3d-4e9f-8a7c-1d2e3f4a5b6c:3",
                "AWS_BATCH_JOB_ARRAY_INDEX", "3");
        ChangeOptions.RunId id = new ChangeOptions.RunId(env::get);

        assertThat(id.convert("nightly-42")).isEqualTo("nightly-42");
        assertThat(id.convert("JOB_NAME")).isEqualTo("ecrsweep-29311420");
        assertThat(id.convert("AWS_BATCH_JOB_ID")).isEqualTo("5f8e2c1a-0b3d-4e9f-8a7c-1d2e3f4a5b6c");
        assertThatThrownBy(() -> id.convert("GITHUB_RUN_ID"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("the environment variable GITHUB_RUN_ID is not set");
        assertThatThrownBy(() -> id.convert("a b"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("is not a run id");
    }

    /** Two accounts; the second cannot be reached while the shard of {@code failing} runs. */
    private static Registries fleet(Map<String, MemoryRegistry> registries, boolean failing) {
        return target -> {
            String account = target.role().account();
            if (failing && account.equals("222222222222")) {
                throw new RegistryException(RegistryException.Kind.UNREACHABLE, "ECR did not answer");
            }
            return registries.computeIfAbsent(account, k -> {
                MemoryRegistry r = MemoryRegistry.of(Path.of(REGISTRY));
                r.location = new Location(account, target.region());
                return r;
            });
        };
    }

    @Test
    void aTargetThatFailedInOneShardKeepsWhatTheOtherShardDidAndIsPartial() throws Exception {
        Map<String, MemoryRegistry> registries = new ConcurrentHashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CliRunner.Run r = CliRunner.create()
                    .registries(fleet(registries, i == 1))
                    .run(
                            "delete-untagged",
                            "--all",
                            "--older-than",
                            "7d",
                            "--yes",
                            "-o",
                            "json",
                            "--role-name",
                            "ecrsweep",
                            "--account",
                            "111111111111,222222222222",
                            "--region",
                            "eu-west-1",
                            "--shard",
                            i + "/2",
                            "--run-id",
                            "nightly-42");
            Path file = dir.resolve("fleet-" + i + ".json");
            Files.writeString(file, r.out());
            files.add(file);
        }
        int deletedInSecondAccount = registries.get("222222222222").deletions.stream()
                .mapToInt(d -> d.getValue().size())
                .sum();

        CliRunner.Run merged = merge(files.toArray(Path[]::new));

        assertThat(deletedInSecondAccount)
                .as("the first shard changed the second account")
                .isPositive();
        assertThat(merged.exitCode()).as(merged.err()).isEqualTo(3);
        JsonNode doc = JSON.readTree(merged.out());
        assertThat(doc.get("runId").asText()).isEqualTo("nightly-42");
        JsonNode second = null;
        for (JsonNode t : doc.get("targets")) {
            if (t.get("target").asText().contains("222222222222")) {
                second = t;
            }
        }
        assertThat(second).isNotNull();
        assertThat(second.get("exitCode").asInt()).isEqualTo(3);
        assertThat(second.get("error").asText())
                .contains("failed in " + files.get(1))
                .contains("ECR did not answer");
        int reported = 0;
        for (JsonNode repo : second.get("report").get("repositories")) {
            for (JsonNode image : repo.get("images")) {
                reported += "deleted".equals(image.path("result").asText()) ? 1 : 0;
            }
        }
        assertThat(reported)
                .as("every deletion of the second account is in the merged report")
                .isEqualTo(deletedInSecondAccount);
    }

    @Test
    void eachRunWritesItsReportsInADirectoryOfItsOwnThatMergeTakesWhole() throws Exception {
        String reports = dir.resolve("reports/{run}/shard-{shard}.json").toString();
        for (int i = 0; i < 2; i++) {
            CliRunner.Run r = CliRunner.create()
                    .run(
                            "delete-untagged",
                            "--all",
                            "--snapshot",
                            REGISTRY,
                            "--shard",
                            i + "/2",
                            "--run-id",
                            "ecrsweep-29311420",
                            "--report",
                            reports);
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
        CliRunner.Run noId =
                CliRunner.create().run("delete-untagged", "--all", "--snapshot", REGISTRY, "--report", reports);

        Path run = dir.resolve("reports/ecrsweep-29311420");
        CliRunner.Run merged = CliRunner.create().run("report", "merge", run.toString(), "-o", "json");

        assertThat(run.resolve("shard-0-of-2.json")).exists();
        assertThat(run.resolve("shard-1-of-2.json")).exists();
        assertThat(merged.exitCode()).as(merged.err()).isZero();
        assertThat(JSON.readTree(merged.out()).get("runId").asText()).isEqualTo("ecrsweep-29311420");
        assertThat(noId.exitCode()).isEqualTo(2);
        assertThat(noId.err()).contains("{run} in --report names the run: give --run-id");
    }

    @Test
    void theLastShardToFinishMergesTheRunsReports() throws Exception {
        String reports = dir.resolve("reports/{run}/shard-{shard}.json").toString();
        String into = dir.resolve("reports/{run}.json").toString();
        List<CliRunner.Run> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(CliRunner.create()
                    .run(
                            "delete-untagged",
                            "--all",
                            "--snapshot",
                            REGISTRY,
                            "--shard",
                            i + "/2",
                            "--run-id",
                            "nightly-42",
                            "--report",
                            reports,
                            "--merge-into",
                            into));
            if (i == 0) {
                assertThat(dir.resolve("reports/nightly-42.json"))
                        .as("not before the last shard")
                        .doesNotExist();
            }
        }
        CliRunner.Run merged = CliRunner.create()
                .run("report", "merge", dir.resolve("reports/nightly-42").toString(), "-o", "json");
        CliRunner.Run unsharded = CliRunner.create()
                .run("delete-untagged", "--all", "--snapshot", REGISTRY, "--merge-into", into, "--run-id", "x");

        assertThat(runs).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        assertThat(runs.get(1).err()).contains("merged into " + dir.resolve("reports/nightly-42.json"));
        assertThat(JSON.readTree(Files.readString(dir.resolve("reports/nightly-42.json"))))
                .isEqualTo(JSON.readTree(merged.out()));
        assertThat(unsharded.exitCode()).isEqualTo(2);
        assertThat(unsharded.err()).contains("--merge-into merges the reports of a run's shards");
    }
}
