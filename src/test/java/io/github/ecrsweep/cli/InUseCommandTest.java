package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-use protection, whole, on the bundled registry: files as sources, fail-safe reading, previews that warn. */
class InUseCommandTest {

    private static final String REGISTRY = "examples/registry.json";
    private static final String PODS = "examples/in-use/pods.json";
    private static final String PINS = "examples/in-use/pins.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String digest(String name) {
        return "sha256:"
                + io.github.ecrsweep.rules.TestImages.digestOf("ecrsweep-example/" + name)
                        .hex();
    }

    private static Map<String, JsonNode> images(JsonNode doc) {
        Map<String, JsonNode> m = new HashMap<>();
        doc.get("repositories")
                .forEach(r ->
                        r.get("images").forEach(i -> m.put(i.get("imageDigest").asText(), i)));
        return m;
    }

    private static CliRunner.Run plan(String... more) {
        List<String> args = new java.util.ArrayList<>(
                List.of("delete-untagged", "--all", "--snapshot", REGISTRY, "-o", "json", "--explain"));
        args.addAll(List.of(more));
        return CliRunner.create().run(args.toArray(String[]::new));
    }

    @Test
    void aChildAPodRunsKeepsItsIndexAndSiblingsWithThePodAsSource() throws Exception {
        CliRunner.Run r = plan("--in-use-k8s", PODS);

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        Map<String, JsonNode> d = images(doc);
        for (String kept : List.of("web-build-0917", "web-build-0917-amd64", "web-build-0917-arm64")) {
            assertThat(d.get(digest(kept)).get("action").asText()).as(kept).isEqualTo("keep");
            assertThat(d.get(digest(kept)).get("reason").asText()).as(kept).isEqualTo("in-use");
            assertThat(d.get(digest(kept)).get("inUse").get(0).asText()).isEqualTo("k8s:pod/shop/web-5d8c7-xk2p");
        }
        // The nginx pod runs a Docker Hub image whose digest happens to be in the registry: not ours.
        assertThat(d.get(digest("api-untagged-1")).get("action").asText()).isEqualTo("delete");
        assertThat(d.get(digest("api-untagged-1")).has("inUse")).isFalse();
        assertThat(doc.get("summary").get("delete").asInt()).isEqualTo(9);
        assertThat(doc.get("summary").get("keptInUse").asInt()).isEqualTo(3);
        assertThat(doc.get("inUse").get("sources").get(0).get("source").asText())
                .isEqualTo("k8s:" + PODS);
        assertThat(doc.get("inUse").get("sources").get(0).get("references").asInt())
                .isEqualTo(1);
    }

    @Test
    void aPinFileKeepsItsImagesWithTheirLinesAndTheTableNamesThem() {
        CliRunner.Run r = CliRunner.create()
                .run("delete-untagged", "--all", "--snapshot", REGISTRY, "--pin-file", PINS, "--wide");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("in-use: file:" + PINS + ":2")
                .contains("In use: kept 1 image that is in use")
                .contains("In-use sources: pin-file:" + PINS + " 2 references.");
    }

    @Test
    void anUnreadableSourceStopsTheRunUnlessItIsOptional() throws Exception {
        CliRunner.Run stopped = plan("--pin-file", "no-such-pins.txt");

        assertThat(stopped.exitCode()).isEqualTo(2);
        assertThat(stopped.out()).isEmpty();
        assertThat(stopped.err())
                .isEqualTo("ecrsweep: in-use source 'pin-file:no-such-pins.txt' cannot be read, so nothing was"
                        + " planned or changed: pin file 'no-such-pins.txt' cannot be read: no such file"
                        + " (--in-use-optional pin-file goes on without it)\n");

        CliRunner.Run optional = plan("--pin-file", "no-such-pins.txt", "--in-use-optional", "pin-file");
        assertThat(optional.exitCode()).as(optional.err()).isZero();
        assertThat(optional.err()).contains("warning: in-use source 'pin-file:no-such-pins.txt' was not read");
        JsonNode source =
                JSON.readTree(optional.out()).get("inUse").get("sources").get(0);
        assertThat(source.get("failure").asText()).contains("no such file");
    }

    @Test
    void recentPullsKeepTheirImages() throws Exception {
        CliRunner.Run r = plan("--keep-pulled-within", "400d");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("inUse").get("keepPulledWithin").asText()).isEqualTo("PT9600H");
        for (JsonNode image : images(doc).values()) {
            if (image.has("inUse")) {
                assertThat(image.get("inUse").toString()).contains("pull:lastRecordedPullTime=");
            }
        }
    }

    @Test
    void aLifecyclePreviewStaysExactAndWarnsAboutImagesInUse() throws Exception {
        String[] preview = {
            "put-policy",
            "-r",
            "platform/web",
            "--policy",
            "examples/policies/aws-10-all-images-b.json",
            "--snapshot",
            REGISTRY,
            "-o",
            "json"
        };
        CliRunner.Run without = CliRunner.create().run(preview);
        List<String> withPins = new java.util.ArrayList<>(List.of(preview));
        withPins.addAll(List.of("--pin-file", PINS));
        CliRunner.Run with = CliRunner.create().run(withPins.toArray(String[]::new));

        assertThat(with.exitCode()).as(with.err()).isZero();
        JsonNode a = JSON.readTree(without.out());
        JsonNode b = JSON.readTree(with.out());
        assertThat(b.get("summary").get("expire")).isEqualTo(a.get("summary").get("expire"));
        JsonNode pinned = images(b).get(digest("web-v2.3.1"));
        assertThat(pinned).as("the policy expires v2.3.1").isNotNull();
        assertThat(pinned.get("action").asText()).isEqualTo("expire");
        assertThat(pinned.get("inUse").get(0).asText()).isEqualTo("file:" + PINS + ":3");
        assertThat(b.get("summary").get("inUseActions").asInt()).isPositive();
        assertThat(with.err()).contains("ECR would expire or archive").contains("in use");
    }

    @Test
    void aScanWrittenAsJsonIsReadBackToTheSamePlan(@TempDir Path dir) throws Exception {
        CliRunner.Run scan =
                CliRunner.create().run("scan-in-use", "--in-use-k8s", PODS, "--pin-file", PINS, "-o", "json");
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        JsonNode doc = JSON.readTree(scan.out());
        assertThat(doc.get("kind").asText()).isEqualTo("ecrsweep-in-use");
        assertThat(doc.get("images")).hasSize(3);
        Path file = dir.resolve("in-use.json");
        Files.writeString(file, scan.out());

        JsonNode direct =
                JSON.readTree(plan("--in-use-k8s", PODS, "--pin-file", PINS).out());
        JsonNode replayed = JSON.readTree(plan("--in-use-file", file.toString()).out());

        assertThat(replayed.get("repositories")).isEqualTo(direct.get("repositories"));
        assertThat(replayed.get("summary")).isEqualTo(direct.get("summary"));
    }

    @Test
    void wrongCombinationsAreUsageErrors() {
        CliRunner.Run within = plan("--in-use-within", "7d");
        CliRunner.Run optional = plan("--in-use-optional", "ecs");
        CliRunner.Run service = plan("--in-use", "eks");
        CliRunner.Run empty = CliRunner.create().run("scan-in-use");

        assertThat(List.of(within, optional, service, empty)).allMatch(r -> r.exitCode() == 2);
        assertThat(within.err()).contains("--in-use-within applies to --in-use inspector only");
        assertThat(optional.err()).contains("--in-use-optional ecs names no source of this run");
        assertThat(service.err()).contains("'eks' is not an in-use service");
        assertThat(empty.err()).contains("name at least one in-use source");
        CliRunner.Run twoStdins = CliRunner.create()
                .stdin("{}")
                .run("put-policy", "-r", "web", "--policy", "-", "--in-use-k8s", "-", "--snapshot", REGISTRY);
        assertThat(twoStdins.exitCode()).isEqualTo(2);
        assertThat(twoStdins.err())
                .isEqualTo("ecrsweep: only one input can be standard input (-): the policy or one in-use source\n");
    }

    /** The commands the rule files' comments give for trying them offline, word for word. */
    private static List<List<String>> offlineCommands(String ruleFile) throws Exception {
        List<List<String>> commands = new java.util.ArrayList<>();
        StringBuilder command = null;
        for (String line : Files.readAllLines(Path.of(ruleFile))) {
            String text = line.replaceFirst("^#\\s*", "");
            if (command == null && text.startsWith("ecrsweep sweep ")) {
                command = new StringBuilder();
            }
            if (command != null) {
                command.append(text.replace("\\", "").strip()).append(' ');
                if (!text.endsWith("\\")) {
                    commands.add(List.of(command.toString().strip().split("\\s+")));
                    command = null;
                }
            }
        }
        return commands;
    }

    @Test
    void theRuleFilesOfflineExamplesRunAsPrintedAndKeepWhatTheScanSaysRuns() throws Exception {
        List<List<String>> release = offlineCommands("examples/rules/release-lines.yaml");
        List<List<String>> pullRequests = offlineCommands("examples/rules/pull-requests.yaml");
        assertThat(release).anySatisfy(c -> assertThat(c).contains("--in-use-file"));
        assertThat(pullRequests).anySatisfy(c -> assertThat(c).contains("--snapshot"));

        for (List<String> command : release) {
            if (!command.contains("--in-use-file")) {
                continue;
            }
            List<String> args = new java.util.ArrayList<>(command.subList(1, command.size()));
            args.addAll(List.of("-o", "json"));
            CliRunner.Run r = CliRunner.create().run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode doc = JSON.readTree(r.out());
            assertThat(doc.get("summary").get("keptInUse").asInt()).isEqualTo(3);
            assertThat(doc.get("summary").get("delete").asInt()).isEqualTo(10);
        }
        for (List<String> command : pullRequests) {
            if (!command.contains("--snapshot")) {
                continue;
            }
            CliRunner.Run r =
                    CliRunner.create().run(command.subList(1, command.size()).toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
    }

    @Test
    void anAwsServiceOnSnapshotFilesStopsTheRunAndSaysWhatToPassInstead() {
        CliRunner.Run r =
                CliRunner.create().run("sweep", "--rules", "examples/rules/pull-requests.yaml", "--snapshot", REGISTRY);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("in-use source 'ecs' cannot be read")
                .contains("snapshot files are read offline, and ecs is an AWS service")
                .contains("--in-use-file")
                .contains("--in-use-optional ecs goes on without it");
    }
}
