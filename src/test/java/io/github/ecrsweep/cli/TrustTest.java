package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a user must be able to trust in a plan: where it acts, that it reads as a plan, that the guards
 * speak early and leave a trace, and that nothing that changed since the plan is deleted.
 */
class TrustTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");
    private static final String POLICY = "examples/policies/expire-untagged-after-14-days.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Digest digest(String name) {
        return TestImages.digestOf("ecrsweep-example/" + name);
    }

    // ---- 1. the right account, always visible

    @Test
    void theAccountAndRegionAreInTheHeaderThePromptAndTheJson() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        CliRunner runner = CliRunner.create().registries(o -> registry).terminalAnswering(false);

        CliRunner.Run table = runner.run("delete-untagged", "-r", "tools/ci-runner");
        CliRunner.Run json =
                CliRunner.create().registries(o -> registry).run("delete-untagged", "--all", "--dry-run", "-o", "json");

        assertThat(table.out()).startsWith("delete-untagged in account 123456789012 (eu-west-1), as of ");
        assertThat(runner.questions)
                .containsExactly("Delete 1 image in 1 repository of account 123456789012 (eu-west-1)?");
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.get("account").asText()).isEqualTo("123456789012");
        assertThat(doc.get("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void namedRepositoriesAreLookedUpByNameNeverByListingTheRegistry() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run r =
                CliRunner.create().registries(o -> registry).run("delete-untagged", "-r", "platform/web", "--dry-run");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(registry.listings).isZero();
    }

    @Test
    void orphanedSignaturesReadEveryRepositoryOnceAndOnlyOnce() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .run("delete-untagged", "-r", "platform/api", "--orphaned-signatures", "--dry-run");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(registry.imageListings)
                .as("every repository once: the selected one is planned from that listing")
                .isEqualTo(4);
    }

    // ---- 2. a plan reads as a plan

    @Test
    void aRealRunWithNothingToDoIsNotADryRun() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run table =
                CliRunner.create().registries(o -> registry).run("delete-untagged", "-r", "batch/worker", "--yes");
        CliRunner.Run json = CliRunner.create()
                .registries(o -> registry)
                .run("delete-untagged", "-r", "batch/worker", "--yes", "-o", "json");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out())
                .doesNotContain("dry run")
                .doesNotContain("Dry run")
                .contains("Nothing to do: nothing was changed.");
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.get("dryRun").asBoolean()).isFalse();
        assertThat(doc.get("stage").asText()).isEqualTo("result");
        assertThat(doc.get("repositories").get(0).get("status").asText()).isEqualTo("nothing-to-delete");
    }

    @Test
    void policyStatusesAreFutureInAPlanAndPastInAResult() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        CliRunner runner = CliRunner.create().registries(o -> registry).terminalAnswering(true);

        CliRunner.Run r = runner.run("apply-all", "--policy", POLICY, "--include", "platform/*");

        assertThat(runner.questions)
                .containsExactly("Put the lifecycle policy on 2 repositories of account 123456789012 (eu-west-1)?"
                        + " It would expire 9 images now.");
        String plan = r.out().substring(0, r.out().indexOf("apply-all in", 1));
        String result = r.out().substring(r.out().indexOf("apply-all in", 1));
        assertThat(plan)
                .contains("platform/web: lifecycle policy would be created")
                .contains("(plan)")
                .doesNotContain("Dry run");
        assertThat(result).contains("platform/web: lifecycle policy created").contains("Policy: created 2.");
    }

    // ---- 3. guards that CI can see early

    @Test
    void aDryRunThatARealRunWouldRefuseSaysSoAndFails() {
        CliRunner.Run r = CliRunner.create()
                .run("delete-untagged", "--all", "--snapshot", REGISTRY.toString(), "--max-delete", "3");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out())
                .contains("Dry run: nothing was changed.")
                .contains(
                        "A real run would refuse this plan: the plan deletes or expires 12 images, more than --max-delete 3.");
        assertThat(r.err())
                .isEqualTo("ecrsweep: a real run would refuse this plan: the plan deletes or expires 12 images,"
                        + " more than --max-delete 3\n");
    }

    static Stream<Arguments> refusedRuns() {
        return Stream.of(
                Arguments.of("over --max-delete", true, "more than --max-delete 1", new String[] {
                    "delete-untagged", "--all", "--yes", "--max-delete", "1", "-o", "json"
                }),
                Arguments.of("no terminal and no --yes", true, "there is no terminal to confirm on", new String[] {
                    "apply-all", "--policy", POLICY, "-o", "json"
                }),
                Arguments.of("declined at the prompt", false, "declined at the prompt", new String[] {
                    "delete-untagged", "--all", "-o", "json"
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRuns")
    void aRefusedRunWritesAJsonDocumentWithTheRefusalNeverAnEmptyFile(
            String name, boolean noPerson, String reason, String[] args) throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        CliRunner runner = CliRunner.create().registries(o -> registry);

        CliRunner.Run r = (noPerson ? runner : runner.terminalAnswering(false)).run(args);

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("refused").get("reason").asText()).contains(reason);
        assertThat(doc.get("dryRun").asBoolean()).isFalse();
        assertThat(doc.get("stage").asText()).isEqualTo("plan");
        assertThat(doc.get("repositories")).isNotEmpty();
        assertThat(registry.deletions).isEmpty();
        assertThat(registry.puts).isEmpty();
    }

    @Test
    void aSelectionThatMatchesNothingWarnsWithThePatternAndTheCount() {
        CliRunner.Run r =
                CliRunner.create().run("delete-untagged", "--include", "Platform/*", "--snapshot", REGISTRY.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.err())
                .isEqualTo("ecrsweep: warning: --include 'Platform/*' matches none of the 4 repositories of snapshot"
                        + " examples/registry.json of account 123456789012 (eu-west-1) (patterns are case-sensitive;"
                        + " repository names are lower case); the nearest: platform/api, platform/web\n");
    }

    @Test
    void anExcludePatternThatMatchesNothingWarnsWithWhatItMayHaveMeant() {
        for (String pattern : java.util.List.of("Platform/*", "platform/", "platform/web ")) {
            CliRunner.Run r = CliRunner.create()
                    .run("delete-untagged", "--all", "--exclude", pattern, "--snapshot", REGISTRY.toString());

            assertThat(r.exitCode()).isZero();
            assertThat(r.err())
                    .as(pattern)
                    .startsWith("ecrsweep: warning: --exclude '" + pattern + "' matches none of the 4 repositories")
                    .contains("; the nearest: platform/");
        }
    }

    @Test
    void anEmptyRegistryWarnsThatTheRegionMayBeWrong() {
        MemoryRegistry empty = new MemoryRegistry();

        CliRunner.Run r = CliRunner.create().registries(o -> empty).run("delete-untagged", "--all", "--dry-run");

        assertThat(r.err())
                .contains(
                        "warning: account 123456789012 (eu-west-1) has no repositories; check --region and --profile");
    }

    // ---- 4. nothing deleted that changed since the plan

    @Test
    void anImageTaggedDuringTheRunIsSkippedReportedAndTheExitCodeSaysSo() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Digest child = digest("web-build-0917-amd64");
        registry.beforeDelete = (repo, batch) -> {
            if (registry.deletions.isEmpty()) {
                registry.tag("platform/web", child, "rollback");
            }
        };

        CliRunner.Run r =
                CliRunner.create().registries(o -> registry).run("delete-untagged", "--all", "--yes", "-o", "json");

        assertThat(r.exitCode()).as("some deleted, one not as planned").isEqualTo(3);
        JsonNode skipped = null;
        for (JsonNode repository : JSON.readTree(r.out()).get("repositories")) {
            for (JsonNode image : repository.get("images")) {
                if (image.get("imageDigest").asText().equals(child.toString())) {
                    skipped = image;
                }
            }
        }
        assertThat(skipped.get("result").asText()).isEqualTo("skipped");
        assertThat(skipped.get("skipped").get("reason").asText()).isEqualTo("tagged-since-plan");
        assertThat(r.err()).contains("warning: skipped 1 image that was tagged since the plan");
        assertThat(registry.images.get("platform/web"))
                .extracting(Image::digest)
                .contains(child);
    }

    @Test
    void aTagThatEcrDeletedWithAnImageIsReportedLoudly() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Digest runner = digest("runner-untagged");
        registry.beforeDelete = (repo, batch) -> {
            if (batch.contains(runner)) {
                registry.tag("tools/ci-runner", runner, "2026.09");
            }
        };

        CliRunner.Run r =
                CliRunner.create().registries(o -> registry).run("delete-untagged", "-r", "tools/ci-runner", "--yes");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains(
                        "WARNING: ECR deleted image " + runner + " of 'tools/ci-runner' together with its tag 2026.09");
    }

    // ---- 7. snapshots that cannot mislead

    @Test
    void aFilteredExportIsMarkedPartialAndNoPlanIsMadeFromIt() throws Exception {
        CliRunner.Run export = CliRunner.create()
                .run("list", "--images", "--all", "--untagged", "--snapshot", REGISTRY.toString(), "-o", "json");
        JsonNode doc = JSON.readTree(export.out());
        assertThat(doc.get("partial").asBoolean()).isTrue();
        assertThat(doc.get("filters").asText()).isEqualTo("--untagged");
        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, export.out());

        CliRunner.Run plan = CliRunner.create().run("delete-untagged", "--all", "--snapshot", partial.toString());
        CliRunner.Run listing = CliRunner.create().run("list", "--images", "--all", "--snapshot", partial.toString());

        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.err())
                .startsWith("ecrsweep: snapshot file '" + partial + "' is an export written with filters (--untagged)")
                .contains("plans need every image");
        assertThat(plan.out()).isEmpty();
        assertThat(listing.exitCode()).as("it can still be listed").isZero();
    }

    @Test
    void aDescribeImagesSnapshotWhoseIndexesHideTheirChildrenWarnsOnceWithTheCount() throws Exception {
        Path snapshot = dir.resolve("web.json");
        Files.writeString(
                snapshot, """
                {"imageDetails": [
                  {"repositoryName": "web", "imageDigest": "%s", "imageTags": ["v1"], "imagePushedAt": "2026-05-01T10:00:00Z",
                   "imageManifestMediaType": "application/vnd.oci.image.index.v1+json", "imageSizeInBytes": 100},
                  {"repositoryName": "web", "imageDigest": "%s", "imagePushedAt": "2026-05-01T09:59:00Z", "imageSizeInBytes": 100},
                  {"repositoryName": "web", "imageDigest": "%s", "imagePushedAt": "2026-05-01T09:58:00Z", "imageSizeInBytes": 100}
                ]}""".formatted(TestImages.digestOf("i"), TestImages.digestOf("a"), TestImages.digestOf("b")));

        CliRunner.Run r = CliRunner.create().run("delete-untagged", "--all", "--snapshot", snapshot.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.err().lines())
                .singleElement()
                .asString()
                .isEqualTo(
                        "ecrsweep: warning: 2 images were kept because they may be"
                                + " children of image indexes whose children snapshot " + snapshot
                                + " does not list; for an exact plan, use an ecrsweep"
                                + " export ('ecrsweep list --images --all -o json') instead of 'aws ecr describe-images' output");
    }

    // ---- 9. manifests read only when a plan needs them

    @Test
    void indexManifestsAreReadOnlyWhereThePlanDependsOnThem() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        registry.indexChildrenFromManifests = true;

        CliRunner.Run r =
                CliRunner.create().registries(o -> registry).run("delete-untagged", "--all", "--dry-run", "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        // platform/web has untagged images that may be children: its three indexes are read, once; no other repository
        // has an index
        assertThat(registry.manifestReads).isEqualTo(1);
        assertThat(registry.manifestsRead)
                .containsExactlyInAnyOrder(digest("web-v2.4.0"), digest("web-v2.3.1"), digest("web-build-0917"));
        assertThat(r.err()).as("the children became known: no warning").isEmpty();

        MemoryRegistry tagged = MemoryRegistry.of(REGISTRY);
        tagged.indexChildrenFromManifests = true;
        CliRunner.create().registries(o -> tagged).run("delete-untagged", "-r", "batch/worker", "--dry-run");
        assertThat(tagged.manifestReads).isZero();
    }

    @Test
    void aPersonAskedWhileJsonGoesElsewhereSeesThePlanAsATableFirst() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        CliRunner runner = CliRunner.create().registries(t -> registry).terminalAnswering(false);

        CliRunner.Run r = runner.run("delete-untagged", "--all", "-o", "json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(runner.questions).hasSize(1);
        assertThat(runner.shown).hasSize(1);
        assertThat(runner.shown.get(0))
                .contains("REPOSITORY")
                .contains("ACTION")
                .contains("Plan: delete");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(r.out())
                        .get("refused")
                        .get("reason")
                        .asText())
                .isEqualTo("declined at the prompt");
    }
}
