package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code apply} is as safe as a fresh run: a policy plan deletes no image, what came into use since the plan
 * stays, an edited plan is refused whole before anything is read, and the reviewed bytes bind the apply.
 */
class ApplySafetyTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = "examples/policies/expire-untagged-after-14-days.json";

    @TempDir
    Path dir;

    private static Set<Digest> deleted(MemoryRegistry registry) {
        Set<Digest> all = new HashSet<>();
        registry.deletions.forEach(e -> all.addAll(e.getValue()));
        return all;
    }

    private static CliRunner.Run run(MemoryRegistry registry, String... args) {
        return CliRunner.create().registries(t -> registry).run(args);
    }

    /** The decisions of a JSON report, by digest. */
    private static java.util.Map<String, JsonNode> decisions(String json) throws Exception {
        java.util.Map<String, JsonNode> all = new java.util.HashMap<>();
        for (JsonNode r : JSON.readTree(json).get("repositories")) {
            for (JsonNode i : r.get("images")) {
                all.put(i.get("imageDigest").asText(), i);
            }
        }
        return all;
    }

    @Test
    void aPlanOfAPolicyThatIsAlreadyPutDeletesNothingEvenWhatTheRepositoryRunsAndEcrWouldExpire() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        registry.policies.put("platform/web", Files.readString(Path.of(POLICY)));
        CliRunner.Run preview =
                run(registry, "put-policy", "-r", "platform/web", "--policy", POLICY, "-o", "json", "--dry-run");
        JsonNode expired = null;
        for (JsonNode i : decisions(preview.out()).values()) {
            if ("expire".equals(i.get("action").asText())) {
                expired = i;
            }
        }
        assertThat(expired)
                .as("the policy would expire an image of platform/web now")
                .isNotNull();
        Path pins = Files.writeString(
                dir.resolve("pins.txt"),
                "platform/web@" + expired.get("imageDigest").asText() + "\n");
        Path plan = dir.resolve("plan.json");

        CliRunner.Run dry = run(
                registry,
                "put-policy",
                "-r",
                "platform/web",
                "--policy",
                POLICY,
                "--pin-file",
                pins.toString(),
                "--dry-run",
                "--out",
                plan.toString());
        CliRunner.Run apply = run(registry, "apply", plan.toString(), "--yes");

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("lifecycle policy unchanged").contains("IN USE: file:" + pins + ":1");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("The plan changes nothing: nothing to apply.");
        assertThat(registry.deletions).isEmpty();
    }

    @Test
    void aPolicyPlanPutsItsPoliciesAndDeletesNoImageOfItsPreview() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Path plan = dir.resolve("plan.json");

        CliRunner.Run dry =
                run(registry, "apply-all", "--policy", POLICY, "--dry-run", "--out", plan.toString(), "-o", "json");
        CliRunner.Run apply = run(registry, "apply", plan.toString(), "--yes", "-o", "json");

        assertThat(JSON.readTree(dry.out()).get("summary").get("expire").asInt())
                .as("the preview shows what ECR would expire")
                .isPositive();
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(registry.puts).isNotEmpty();
        assertThat(registry.deletions).isEmpty();
        assertThat(registry.archived).isEmpty();
    }

    @Test
    void anImageThatCameIntoUseSinceThePlanIsSkippedAsAFreshRunWouldKeepIt() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Path pins = Files.writeString(dir.resolve("pins.txt"), "# nothing pinned yet\n");
        Path plan = dir.resolve("plan.json");
        CliRunner.Run dry = run(
                registry,
                "delete-untagged",
                "--all",
                "--older-than",
                "1d",
                "--pin-file",
                pins.toString(),
                "--dry-run",
                "--out",
                plan.toString(),
                "-o",
                "json");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        String rolledBack = decisions(dry.out()).keySet().iterator().next();
        String repository = repositoryOf(dry.out(), rolledBack);
        // Since the review, something rolled back to that untagged digest.
        Files.writeString(pins, repository + "@" + rolledBack + "\n");

        CliRunner.Run apply = run(registry, "apply", plan.toString(), "--yes", "-o", "json");

        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(3);
        JsonNode row = decisions(apply.out()).get(rolledBack);
        assertThat(row.get("result").asText()).isEqualTo("skipped");
        assertThat(row.get("skipped").get("reason").asText()).isEqualTo("in-use-since-plan");
        assertThat(row.get("skipped").get("detail").asText()).contains("file:" + pins + ":1");
        assertThat(deleted(registry)).isNotEmpty().doesNotContain(Digest.of(rolledBack));
    }

    @Test
    void applyReadsTheInUseSourcesItIsGivenAndStopsWhenARecordedOneCannotBeRead() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Path plan = dir.resolve("plan.json");
        Path pins = Files.writeString(dir.resolve("pins.txt"), "");
        CliRunner.Run dry = run(
                registry,
                "delete-untagged",
                "--all",
                "--older-than",
                "1d",
                "--pin-file",
                pins.toString(),
                "--dry-run",
                "--out",
                plan.toString(),
                "-o",
                "json");
        String running = decisions(dry.out()).keySet().iterator().next();
        Path more = Files.writeString(dir.resolve("more-pins.txt"), repositoryOf(dry.out(), running) + "@" + running);

        Files.delete(pins);
        CliRunner.Run unreadable = run(registry, "apply", plan.toString(), "--yes");
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).contains("in-use source 'pin-file:" + pins + "' cannot be read");
        assertThat(registry.deletions).isEmpty();

        Files.writeString(pins, "");
        CliRunner.Run given =
                run(registry, "apply", plan.toString(), "--pin-file", more.toString(), "--yes", "-o", "json");
        assertThat(given.exitCode()).as(given.err()).isEqualTo(3);
        assertThat(decisions(given.out())
                        .get(running)
                        .get("skipped")
                        .get("reason")
                        .asText())
                .isEqualTo("in-use-since-plan");
        assertThat(deleted(registry)).isNotEmpty().doesNotContain(Digest.of(running));
    }

    private static String repositoryOf(String json, String digest) throws Exception {
        for (JsonNode r : JSON.readTree(json).get("repositories")) {
            for (JsonNode i : r.get("images")) {
                if (i.get("imageDigest").asText().equals(digest)) {
                    return r.get("repositoryName").asText();
                }
            }
        }
        throw new IllegalArgumentException(digest);
    }

    /** A tagged image of the bundled registry, and its repository. */
    private static Image tagged(MemoryRegistry registry, String repository) {
        return registry.images.get(repository).stream()
                .filter(Image::isTagged)
                .findFirst()
                .orElseThrow();
    }

    private static ArrayNode images(ObjectNode plan, String repository) {
        for (JsonNode r : plan.get("repositories")) {
            if (r.get("repositoryName").asText().equals(repository)) {
                return (ArrayNode) r.get("images");
            }
        }
        throw new IllegalArgumentException(repository);
    }

    static Stream<Arguments> edits() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Image prod = tagged(registry, "platform/web");
        return Stream.of(
                Arguments.of(
                        "a row added for a tagged image, as untagged",
                        (UnaryOperator<ObjectNode>) plan -> {
                            ObjectNode row = images(plan, "platform/web").get(0).deepCopy();
                            row.put("imageDigest", prod.digest().toString());
                            row.putArray("imageTags").add(prod.tags().get(0));
                            images(plan, "platform/web").add(row);
                            return plan;
                        },
                        "is tagged"),
                Arguments.of(
                        "an expire row in a delete-untagged plan",
                        (UnaryOperator<ObjectNode>) plan -> {
                            ((ObjectNode) images(plan, "platform/web").get(0)).put("action", "expire");
                            return plan;
                        },
                        "a delete-untagged plan does not expire"),
                Arguments.of(
                        "a repository outside the reviewed selection",
                        (UnaryOperator<ObjectNode>) plan -> {
                            // The review was of platform/web alone; the other repositories were added to the plan.
                            ObjectNode selection =
                                    (ObjectNode) plan.get("options").get("selection");
                            selection.put("all", false);
                            selection.putArray("repositoryNames").add("platform/web");
                            return plan;
                        },
                        "is not in the plan's selection"),
                Arguments.of(
                        "a digest listed twice",
                        (UnaryOperator<ObjectNode>) plan -> {
                            images(plan, "platform/web")
                                    .add(images(plan, "platform/web").get(0).deepCopy());
                            return plan;
                        },
                        "is listed twice"),
                Arguments.of(
                        "a summary that does not count the rows",
                        (UnaryOperator<ObjectNode>) plan -> {
                            ((ObjectNode) plan.get("summary")).put("delete", 1);
                            return plan;
                        },
                        "its summary does not count its rows"),
                Arguments.of(
                        "a key the contract does not have",
                        (UnaryOperator<ObjectNode>) plan -> {
                            plan.put("force", true);
                            return plan;
                        },
                        "unknown key 'force'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void anEditedPlanIsRefusedWholeAndNothingIsRead(String name, UnaryOperator<ObjectNode> edit, String problem)
            throws Exception {
        MemoryRegistry registry = org.mockito.Mockito.spy(MemoryRegistry.of(REGISTRY));
        Path plan = dir.resolve("plan.json");
        assertThat(run(
                                registry,
                                "delete-untagged",
                                "--all",
                                "--older-than",
                                "1d",
                                "--dry-run",
                                "--out",
                                plan.toString())
                        .exitCode())
                .isZero();
        Files.writeString(
                plan, JSON.writeValueAsString(edit.apply((ObjectNode) JSON.readTree(Files.readString(plan)))));
        org.mockito.Mockito.clearInvocations(registry);

        CliRunner.Run apply = run(registry, "apply", plan.toString(), "--yes");

        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(2);
        assertThat(apply.err()).contains(problem).endsWith("\n").hasLineCount(1);
        org.mockito.Mockito.verifyNoInteractions(registry);
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithItsLine() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Path plan = dir.resolve("plan.json");
        run(registry, "delete-untagged", "--all", "--older-than", "1d", "--dry-run", "--out", plan.toString());
        String text = Files.readString(plan);
        // Most viewers show the first key, untagged; a lenient reader takes the last, a tagged image.
        String twice =
                text.replaceFirst("\"imageTags\" : \\[ \\]", "\"imageTags\" : [ ], \"imageTags\" : [ \"prod\" ]");
        assertThat(twice).isNotEqualTo(text);
        Files.writeString(plan, twice);

        CliRunner.Run apply = run(registry, "apply", plan.toString(), "--yes");

        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(apply.err())
                .containsPattern(
                        "plan '.*plan.json' is not a plan of this ecrsweep: line [0-9]+, column [0-9]+: duplicate key 'imageTags'");
        assertThat(registry.deletions).isEmpty();
    }

    @Test
    void theReviewedBytesBindTheApplyAndThePlanNamesThemInEveryFormat() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Path plan = dir.resolve("plan.json");
        CliRunner.Run table = run(registry, "delete-untagged", "--all", "--dry-run", "--out", plan.toString());
        String sha256 = io.github.ecrsweep.registry.InputFile.sha256(Files.readAllBytes(plan));
        CliRunner.Run markdown =
                run(registry, "delete-untagged", "--all", "--dry-run", "--out", plan.toString(), "-o", "markdown");

        assertThat(table.out()).contains("Plan written to " + plan + ", SHA-256 " + sha256);
        assertThat(markdown.out()).contains("SHA-256 " + sha256);
        Files.writeString(plan, Files.readString(plan).replace("\"dryRun\" : true", "\"dryRun\" : true "));

        CliRunner.Run other = run(registry, "apply", plan.toString(), "--expect-sha256", sha256, "--yes");

        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("its SHA-256 is").contains("not the reviewed " + sha256);
        assertThat(registry.deletions).isEmpty();
    }

    @Test
    void theBrakeOfThePlanHoldsAtApply() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Path refused = dir.resolve("refused.json");
        Path braked = dir.resolve("braked.json");
        CliRunner.Run over = run(
                registry,
                "delete-untagged",
                "--all",
                "--older-than",
                "1d",
                "--max-delete",
                "1",
                "--dry-run",
                "--out",
                refused.toString());
        int planned = JSON.readTree(
                        run(registry, "delete-untagged", "--all", "--older-than", "1d", "--dry-run", "-o", "json")
                                .out())
                .get("summary")
                .get("delete")
                .asInt();
        run(
                registry,
                "delete-untagged",
                "--all",
                "--older-than",
                "1d",
                "--max-delete",
                String.valueOf(planned),
                "--dry-run",
                "--out",
                braked.toString());

        CliRunner.Run applyRefused = run(registry, "apply", refused.toString(), "--yes");
        CliRunner.Run applyLower = run(registry, "apply", braked.toString(), "--max-delete", "1", "--yes");

        assertThat(over.exitCode()).isEqualTo(1);
        assertThat(applyRefused.exitCode()).isEqualTo(2);
        assertThat(applyRefused.err()).contains("a real run would have refused it");
        assertThat(applyLower.exitCode()).isEqualTo(1);
        assertThat(applyLower.err()).contains("more than --max-delete 1");
        assertThat(registry.deletions).isEmpty();
    }
}
