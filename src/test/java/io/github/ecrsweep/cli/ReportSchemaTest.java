package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every report a changing command writes with {@code -o json} (dry runs, plans refused and declined,
 * results with failures, skips and policies) validates against the published {@code docs/report.schema.json};
 * the documents of {@code list}, {@code list --images} and {@code validate} against theirs.
 */
class ReportSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGISTRY = "examples/registry.json";
    private static final String POLICY = "examples/policies/expire-untagged-after-14-days.json";
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("docs/report.schema.json")));
    }

    private static Arguments run(String name, Consumer<MemoryRegistry> setUp, boolean person, String... args) {
        return Arguments.of(name, setUp, person, args);
    }

    static Stream<Arguments> reports() {
        Consumer<MemoryRegistry> none = r -> {};
        return Stream.of(
                run(
                        "sweep dry run of one shard, with its --max-delete, explained",
                        null,
                        false,
                        "sweep",
                        "--rules",
                        "examples/rules/release-lines.yaml",
                        "--snapshot",
                        REGISTRY,
                        "--shard",
                        "1/2",
                        "--max-delete",
                        "50",
                        "--explain"),
                run(
                        "delete-untagged dry run of a snapshot, explained",
                        null,
                        false,
                        "delete-untagged",
                        "--all",
                        "--snapshot",
                        REGISTRY,
                        "--explain"),
                run(
                        "delete-untagged dry run a real run would refuse",
                        null,
                        false,
                        "delete-untagged",
                        "--all",
                        "--snapshot",
                        REGISTRY,
                        "--max-delete",
                        "1"),
                run("delete-untagged refused without a terminal", none, false, "delete-untagged", "--all"),
                run("delete-untagged declined", none, false, "delete-untagged", "--all"),
                run(
                        "delete-untagged result with a failure and a skip",
                        r -> {
                            r.deleteFailures.put(
                                    Digest.of("sha256:"
                                            + io.github.ecrsweep.rules.TestImages.digestOf(
                                                            "ecrsweep-example/runner-untagged")
                                                    .hex()),
                                    "KmsError");
                            r.beforeDelete = (repo, batch) -> {
                                if (r.deletions.isEmpty()) {
                                    r.tag(
                                            "platform/web",
                                            io.github.ecrsweep.rules.TestImages.digestOf(
                                                    "ecrsweep-example/web-build-0917-amd64"),
                                            "x");
                                }
                            };
                        },
                        false,
                        "delete-untagged",
                        "--all",
                        "--yes"),
                run(
                        "put-policy dry run",
                        null,
                        false,
                        "put-policy",
                        "-r",
                        "batch/worker",
                        "--policy",
                        POLICY,
                        "--snapshot",
                        REGISTRY),
                run("put-policy result", none, false, "put-policy", "-r", "batch/worker", "--policy", POLICY, "--yes"),
                run(
                        "apply-all with a failed repository",
                        r -> r.putFailures.put(
                                "platform/api",
                                new RegistryException(
                                        RegistryException.Kind.ACCESS_DENIED,
                                        "platform/api",
                                        "PutLifecyclePolicy",
                                        "AccessDeniedException",
                                        "access denied",
                                        null)),
                        false,
                        "apply-all",
                        "--policy",
                        POLICY,
                        "--yes",
                        "--explain"),
                run("apply-all declined", none, true, "apply-all", "--policy", POLICY),
                run(
                        "delete-untagged with in-use sources, one optional and missing",
                        null,
                        false,
                        "delete-untagged",
                        "--all",
                        "--snapshot",
                        REGISTRY,
                        "--in-use-k8s",
                        "examples/in-use/pods.json",
                        "--pin-file",
                        "examples/in-use/pins.txt",
                        "--pin-file",
                        "missing.txt",
                        "--in-use-optional",
                        "pin-file:missing.txt",
                        "--keep-pulled-within",
                        "30d"),
                run(
                        "apply-all preview expiring images in use",
                        null,
                        false,
                        "apply-all",
                        "--policy",
                        "examples/policies/aws-10-all-images-b.json",
                        "--snapshot",
                        REGISTRY,
                        "--pin-file",
                        "examples/in-use/pins.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void everyReportValidatesAgainstThePublishedSchema(
            String name, Consumer<MemoryRegistry> setUp, boolean declining, String[] args) throws Exception {
        CliRunner runner = CliRunner.create();
        if (setUp != null) {
            MemoryRegistry registry = MemoryRegistry.of(Path.of(REGISTRY));
            setUp.accept(registry);
            runner.registries(o -> registry);
        }
        if (name.contains("declined")) {
            runner.terminalAnswering(false);
        }
        String[] withJson =
                Stream.concat(Stream.of(args), Stream.of("-o", "json")).toArray(String[]::new);

        CliRunner.Run r = runner.run(withJson);

        JsonNode doc = JSON.readTree(r.out());
        List<Error> errors = schema.validate(doc);
        assertThat(errors).as(name + ": " + r.out()).isEmpty();
        assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void anInUseScanValidatesAgainstItsSchema() throws Exception {
        Schema inUse = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("docs/in-use.schema.json")));
        CliRunner.Run r = CliRunner.create()
                .run(
                        "scan-in-use",
                        "--in-use-k8s",
                        "examples/in-use/pods.json",
                        "--pin-file",
                        "examples/in-use/pins.txt",
                        "-o",
                        "json");

        JsonNode doc = JSON.readTree(r.out());
        assertThat(inUse.validate(doc)).as(r.out()).isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("kind", "ecrsweep-registry");
        assertThat(inUse.validate(doc)).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void theSchemaRejectsADocumentThatBreaksTheContract() throws Exception {
        CliRunner.Run r = CliRunner.create().run("delete-untagged", "--all", "--snapshot", REGISTRY, "-o", "json");
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.out());
        assertThat(schema.validate(doc)).isEmpty();

        com.fasterxml.jackson.databind.node.ObjectNode renamed = doc.deepCopy();
        renamed.set("repos", renamed.remove("repositories"));
        com.fasterxml.jackson.databind.node.ObjectNode badStatus = doc.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        badStatus.get("repositories").get(0))
                .put("status", "planned");

        assertThat(schema.validate(renamed)).isNotEmpty();
        assertThat(schema.validate(badStatus)).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void markdownIsTheSameReportForACiSummary() {
        CliRunner.Run md =
                CliRunner.create().run("apply-all", "--policy", POLICY, "--snapshot", REGISTRY, "-o", "markdown");
        CliRunner.Run table = CliRunner.create().run("apply-all", "--policy", POLICY, "--snapshot", REGISTRY);

        assertThat(md.exitCode()).isZero();
        assertThat(md.out())
                .startsWith("### apply-all in snapshot examples/registry.json of account 123456789012 (eu-west-1)")
                .contains("- `platform/web`: lifecycle policy would be created")
                .contains("| REPOSITORY | IMAGE | TAGS | PUSHED | SIZE | KIND | ACTION | REASON | RULE |")
                .contains("|---|---|---|---|---|---|---|---|---|")
                .contains("Dry run: nothing was changed.  ");
        // the same rows and totals as the table
        long tableRows = table.out()
                .lines()
                .filter(l -> l.matches("^(platform|batch|tools)/\\S+\\s+[0-9a-f]{12}.*"))
                .count();
        long markdownRows = md.out()
                .lines()
                .filter(l -> l.matches("^\\| (platform|batch|tools)/.*"))
                .count();
        assertThat(markdownRows).isEqualTo(tableRows).isPositive();
    }

    @org.junit.jupiter.api.Test
    void reportWritesTheJsonDocumentWhileTheTerminalShowsTheTable(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        for (String[] args : List.of(
                new String[] {"delete-untagged", "--all", "--snapshot", REGISTRY},
                new String[] {"apply-all", "--policy", POLICY, "--snapshot", REGISTRY},
                new String[] {"list", "--all", "--snapshot", REGISTRY},
                new String[] {"validate", POLICY})) {
            Path file = dir.resolve(args[0] + ".json");
            String[] withReport = Stream.concat(Stream.of(args), Stream.of("--report", file.toString()))
                    .toArray(String[]::new);

            CliRunner.Run table = CliRunner.create().run(withReport);
            CliRunner.Run json = CliRunner.create()
                    .run(Stream.concat(Stream.of(args), Stream.of("-o", "json")).toArray(String[]::new));

            assertThat(table.out()).as(args[0]).doesNotStartWith("{");
            assertThat(JSON.readTree(Files.readString(file))).as(args[0]).isEqualTo(JSON.readTree(json.out()));
        }
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("docs/list.schema.json", new String[] {"list", "--snapshot", REGISTRY}),
                Arguments.of(
                        "docs/list.schema.json",
                        new String[] {"list", "--include", "platform/*", "--snapshot", REGISTRY}),
                Arguments.of(
                        "docs/export.schema.json", new String[] {"list", "--images", "--all", "--snapshot", REGISTRY}),
                Arguments.of(
                        "docs/export.schema.json",
                        new String[] {"list", "--images", "--all", "--untagged", "--snapshot", REGISTRY}),
                Arguments.of("docs/stale.schema.json", new String[] {
                    "list", "--stale", "30d", "--now", "2027-01-10T00:00:00Z", "--snapshot", REGISTRY
                }),
                Arguments.of(
                        "docs/validate.schema.json",
                        new String[] {"validate", POLICY, "examples/policies/aws-13-combine-archive-and-expire.json"}),
                Arguments.of(
                        "docs/validate.schema.json",
                        new String[] {"validate", "src/test/resources/golden/aws-04-filter-on-image-count.json"}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("documents")
    void everyOtherDocumentValidatesAgainstItsSchema(String schemaFile, String[] args) throws Exception {
        Schema own = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of(schemaFile)));
        CliRunner.Run r = CliRunner.create()
                .run(Stream.concat(Stream.of(args), Stream.of("-o", "json")).toArray(String[]::new));

        JsonNode doc = JSON.readTree(r.out());
        assertThat(own.validate(doc)).as(r.out()).isEmpty();
    }
}
