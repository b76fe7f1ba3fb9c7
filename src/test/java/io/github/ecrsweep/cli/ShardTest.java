package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.app.Shard;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --shard I/N and report merge: N shards merged are the one run, and no repository is in two shards. */
class ShardTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");
    private static final String RULES = "examples/rules/release-lines.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The bundled registry's repositories, ten times over under other names: 40 repositories. */
    private static MemoryRegistry fleet() {
        MemoryRegistry bundled = MemoryRegistry.of(REGISTRY);
        MemoryRegistry fleet = new MemoryRegistry();
        for (int k = 0; k < 10; k++) {
            for (Map.Entry<String, List<Image>> e : bundled.images.entrySet()) {
                String prefix = e.getKey().startsWith("platform/") ? "platform/" : "";
                String name = prefix + "team" + k + "-" + e.getKey().replace('/', '-');
                fleet.images.put(name, new ArrayList<>(e.getValue()));
            }
        }
        return fleet;
    }

    @Test
    void everyRepositoryFallsInExactlyOneShardAndTheHashIsStable() {
        SplittableRandom random = new SplittableRandom(42);
        Location here = new Location("123456789012", "eu-west-1");
        for (int n = 1; n <= 9; n++) {
            for (int i = 0; i < 200; i++) {
                String repository = "repo-" + Long.toHexString(random.nextLong());
                int holders = 0;
                for (int s = 0; s < n; s++) {
                    holders += new Shard(s, n).holds(here, repository) ? 1 : 0;
                }
                assertThat(holders).as(repository + " in shards of " + n).isEqualTo(1);
            }
        }
        // Fixed forever: a fleet split across workers of different versions must not overlap.
        assertThat(new Shard(2, 4).holds(here, "platform/api")).isTrue();
        assertThat(new Shard(1, 4).holds(here, "platform/web")).isTrue();
        assertThat(new Shard(1, 4).holds(new Location("210987654321", "eu-west-1"), "platform/web"))
                .isFalse();
    }

    @Test
    void aShardIsWrittenIOverN() {
        assertThat(Shard.parse("3/4")).isEqualTo(new Shard(3, 4));
        Map<String, String> env = Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "2", "ODD", "two");
        assertThat(Shard.parse("AWS_BATCH_JOB_ARRAY_INDEX/4", env::get)).isEqualTo(new Shard(2, 4));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shard.parse("JOB_COMPLETION_INDEX/4", env::get))
                .hasMessageContaining("the environment variable JOB_COMPLETION_INDEX is not set");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shard.parse("ODD/4", env::get))
                .hasMessageContaining("the environment variable ODD is 'two', not a shard index");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shard.parse("AWS_BATCH_JOB_ARRAY_INDEX/2", env::get))
                .hasMessageContaining("--shard 2/2 is not a shard");
        for (String bad : List.of("4/4", "-1/4", "1/0", "1", "a/b", "1/4/2", "")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shard.parse(bad))
                    .as(bad)
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("is not a shard");
        }
        CliRunner.Run r =
                CliRunner.create().run("delete-untagged", "--all", "--snapshot", REGISTRY.toString(), "--shard", "4/4");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--shard 4/4 is not a shard");
    }

    private JsonNode merge(List<Path> reports, List<String> more, int expectedExit) throws Exception {
        List<String> args = new ArrayList<>(List.of("report", "merge", "-o", "json"));
        reports.forEach(p -> args.add(p.toString()));
        args.addAll(more);
        CliRunner.Run r = CliRunner.create().run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(expectedExit);
        return JSON.readTree(r.out());
    }

    @Test
    void fourShardsOfARealRunMergedAreTheUnshardedRun() throws Exception {
        MemoryRegistry whole = fleet();
        MemoryRegistry split = fleet();
        String[] command = {"delete-untagged", "--all", "--older-than", "7d", "--yes", "-o", "json"};

        CliRunner.Run one = CliRunner.create().registries(o -> whole).run(command);
        List<Path> reports = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--shard", i + "/4"));
            CliRunner.Run shard = CliRunner.create().registries(o -> split).run(args.toArray(String[]::new));
            assertThat(shard.exitCode()).as(shard.err()).isEqualTo(one.exitCode());
            Path report = dir.resolve("shard-" + i + ".json");
            Files.writeString(report, shard.out());
            for (JsonNode r : JSON.readTree(shard.out()).get("repositories")) {
                assertThat(seen.add(r.get("repositoryName").asText()))
                        .as("in one shard only")
                        .isTrue();
            }
            reports.add(report);
        }

        JsonNode merged = merge(reports, List.of(), one.exitCode());
        JsonNode unsharded = JSON.readTree(one.out());
        assertThat(seen).hasSize(40);
        assertThat(merged.get("summary")).isEqualTo(unsharded.get("summary"));
        assertThat(merged).isEqualTo(unsharded);
        assertThat(split.digests()).isEqualTo(whole.digests());
        assertThat(unsharded.get("summary").get("deleted").asInt()).isEqualTo(120);
    }

    @Test
    void shardsOfASweepPlanMergeWithTheirExitStatus() throws Exception {
        MemoryRegistry registry = fleet();
        String[] command = {
            "sweep", "--rules", RULES, "--dry-run", "--detailed-exitcode", "--max-delete", "100", "-o", "json"
        };

        CliRunner.Run one = CliRunner.create().registries(o -> registry).run(command);
        List<Path> reports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--shard", i + "/3"));
            Path report = dir.resolve("plan-" + i + ".json");
            Files.writeString(
                    report,
                    CliRunner.create()
                            .registries(o -> registry)
                            .run(args.toArray(String[]::new))
                            .out());
            reports.add(report);
        }

        assertThat(one.exitCode()).as("over --max-delete as a whole").isEqualTo(1);
        JsonNode merged = merge(reports, List.of("--detailed-exitcode"), 1);
        assertThat(merged).isEqualTo(JSON.readTree(one.out()));
        assertThat(merged.get("refused").get("reason").asText()).contains("more than --max-delete 100");
    }

    @Test
    void aShardNamesItsReportAndPlanFilesWhereAskedWithoutAShell() throws Exception {
        String pattern = dir.resolve("shard-{shard}.json").toString();
        String plan = dir.resolve("plan-{shard}.json").toString();

        CliRunner.Run r = CliRunner.create()
                .run(
                        "delete-untagged",
                        "--all",
                        "--snapshot",
                        REGISTRY.toString(),
                        "--shard",
                        "1/4",
                        "--dry-run",
                        "--report",
                        pattern,
                        "--out",
                        plan);
        CliRunner.Run whole = CliRunner.create()
                .run("delete-untagged", "--all", "--snapshot", REGISTRY.toString(), "--report", pattern);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(whole.exitCode()).as(whole.err()).isZero();
        assertThat(JSON.readTree(dir.resolve("shard-1-of-4.json").toFile())
                        .get("shard")
                        .get("index")
                        .asInt())
                .isEqualTo(1);
        assertThat(dir.resolve("plan-1-of-4.json")).isRegularFile();
        assertThat(JSON.readTree(dir.resolve("shard-all.json").toFile()).has("shard"))
                .isFalse();
    }

    @Test
    void mergeRefusesWhatIsNotOneRun() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Files.writeString(
                a,
                CliRunner.create()
                        .run(
                                "delete-untagged",
                                "--all",
                                "--snapshot",
                                REGISTRY.toString(),
                                "--shard",
                                "0/2",
                                "-o",
                                "json")
                        .out());
        Files.writeString(
                b,
                CliRunner.create()
                        .run(
                                "expire",
                                "--all",
                                "--snapshot",
                                REGISTRY.toString(),
                                "--policy",
                                "examples/policies/aws-04-filter-on-image-count.json",
                                "--shard",
                                "1/2",
                                "-o",
                                "json")
                        .out());
        Path notAReport = dir.resolve("c.json");
        Files.writeString(notAReport, "{\"rules\": []}");

        CliRunner.Run different = CliRunner.create().run("report", "merge", a.toString(), b.toString());
        CliRunner.Run twice = CliRunner.create().run("report", "merge", a.toString(), a.toString());
        CliRunner.Run missing = CliRunner.create().run("report", "merge", a.toString());
        CliRunner.Run invalid = CliRunner.create().run("report", "merge", notAReport.toString());

        assertThat(different.exitCode()).isEqualTo(2);
        assertThat(different.err()).contains("cannot merge: " + a + " and " + b + " are of different runs: command");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("shard 0/2 is given twice");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("shard 1/2 missing");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("is not an ecrsweep report");
    }
}
