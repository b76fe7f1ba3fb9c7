package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON (and YAML) input refuses a key given twice, naming the file, the line and the key: readers differ
 * on which of the two counts, so no reading of such a file can be trusted.
 */
class DuplicateKeysTest {

    private static final String REGISTRY = "examples/registry.json";
    private static final String POLICY = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
            + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

    /**
     * One input: its file name and text, the key given twice, and the command that reads it ({@code FILE} stands
     * for the file).
     */
    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of(
                        "snapshot",
                        "snapshot.json",
                        "{\"imageDetails\":[],\n\"imageDetails\":[]}",
                        "imageDetails",
                        new String[] {"list", "--snapshot", "FILE"}),
                Arguments.of(
                        "lifecycle policy",
                        "policy.json",
                        POLICY.replace("\"countNumber\":1}", "\"countNumber\":1,\n\"countNumber\":99}"),
                        "countNumber",
                        new String[] {"put-policy", "-r", "platform/web", "--policy", "FILE", "--snapshot", REGISTRY}),
                Arguments.of(
                        "rule file (YAML)",
                        "rules.yaml",
                        "kind: ecrsweep-rules\nversion: 1\nversion: 1\nrepositories: []\n",
                        "version",
                        new String[] {"sweep", "--rules", "FILE", "--snapshot", REGISTRY}),
                Arguments.of(
                        "Kubernetes pod list",
                        "pods.json",
                        "{\"kind\":\"List\",\n\"items\":[],\"items\":[{\"kind\":\"Pod\"}]}",
                        "items",
                        new String[] {"delete-untagged", "--all", "--snapshot", REGISTRY, "--in-use-k8s", "FILE"}),
                Arguments.of(
                        "in-use scan",
                        "in-use.json",
                        "{\"schemaVersion\":1,\"kind\":\"ecrsweep-in-use\",\n\"images\":[],\"images\":[]}",
                        "images",
                        new String[] {"delete-untagged", "--all", "--snapshot", REGISTRY, "--in-use-file", "FILE"}),
                Arguments.of(
                        "targets file",
                        "targets.json",
                        "{\"kind\":\"ecrsweep-targets\",\"version\":1,\n\"targets\":[],\"targets\":[]}",
                        "targets",
                        new String[] {"delete-untagged", "--all", "--dry-run", "--targets", "FILE"}),
                Arguments.of(
                        "plan",
                        "plan.json",
                        "{\"schemaVersion\":1,\n\"schemaVersion\":1}",
                        "schemaVersion",
                        new String[] {"apply", "FILE", "--yes"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void aKeyGivenTwiceIsRefusedWithTheFileTheLineAndTheKey(
            String kind, String name, String text, String key, String[] command, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text);
        List<String> args = new ArrayList<>();
        for (String a : command) {
            args.add("FILE".equals(a) ? file.toString() : a);
        }
        MemoryRegistry registry = MemoryRegistry.of(Path.of(REGISTRY));

        // Snapshot files are read as the command line reads them; a registry of AWS is the one in memory.
        CliRunner runner = args.contains("--snapshot")
                ? CliRunner.create()
                : CliRunner.create().registries(t -> registry);
        CliRunner.Run r = runner.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(kind + ": " + r.err()).isEqualTo(2);
        assertThat(r.err()).as(kind).contains(name).contains(key).containsPattern("line [0-9]");
        assertThat(r.err()).as(kind).containsIgnoringCase("duplicate key").hasLineCount(1);
        assertThat(registry.deletions).isEmpty();
    }
}
