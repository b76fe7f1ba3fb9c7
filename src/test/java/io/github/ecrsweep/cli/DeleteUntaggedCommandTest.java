package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.rules.Digest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ecrsweep delete-untagged}, whole, on the bundled registry. */
class DeleteUntaggedCommandTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(CliRunner.Run r) throws Exception {
        return JSON.readTree(r.out());
    }

    /** Decisions of the JSON document by tag or short digest, for readable assertions. */
    private static Map<String, JsonNode> byDigest(JsonNode doc) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode repo : doc.get("repositories")) {
            for (JsonNode image : repo.get("images")) {
                m.put(image.get("imageDigest").asText(), image);
            }
        }
        return m;
    }

    private static String digest(String name) {
        try {
            byte[] h =
                    java.security.MessageDigest.getInstance("SHA-256").digest(("ecrsweep-example/" + name).getBytes());
            return "sha256:" + java.util.HexFormat.of().formatHex(h);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theBundledRegistryPlanKeepsMultiArchImagesWholeAndCleansOrphans() throws Exception {
        CliRunner.Run r = CliRunner.create()
                .run(
                        "delete-untagged",
                        "--all",
                        "--snapshot",
                        REGISTRY.toString(),
                        "--older-than",
                        "7d",
                        "-o",
                        "json",
                        "--explain");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = json(r);
        assertThat(doc.get("dryRun").asBoolean()).isTrue();
        assertThat(doc.get("evaluatedAt").asText()).isEqualTo("2026-11-20T09:00:00Z");
        Map<String, JsonNode> d = byDigest(doc);
        for (String child : List.of("web-v2.4.0-amd64", "web-v2.4.0-arm64", "web-v2.4.0-att", "web-v2.3.1-amd64")) {
            assertThat(d.get(digest(child)).get("action").asText()).as(child).isEqualTo("keep");
            assertThat(d.get(digest(child)).get("reason").asText()).as(child).isEqualTo("child-of-kept-index");
        }
        // A cosign tag signature is a tagged image: delete-untagged leaves it alone.
        assertThat(d.get(digest("web-v2.4.0-sig")).get("reason").asText()).isEqualTo("tagged");
        assertThat(d.get(digest("web-v2.4.0-sig")).get("kind").asText()).isEqualTo("signature");
        assertThat(d.get(digest("api-sbom-1.42.0")).get("action").asText()).isEqualTo("keep");

        JsonNode index = d.get(digest("web-build-0917"));
        assertThat(index.get("action").asText()).isEqualTo("delete");
        assertThat(index.get("wave").asInt()).isZero();
        assertThat(index.get("bytes").asLong()).isZero();
        for (String child : List.of("web-build-0917-amd64", "web-build-0917-arm64")) {
            assertThat(d.get(digest(child)).get("reason").asText()).isEqualTo("child-of-deleted-index");
            assertThat(d.get(digest(child)).get("wave").asInt()).isEqualTo(1);
        }
        assertThat(d.get(digest("api-sig-gone")).get("reason").asText()).isEqualTo("tagged");
        assertThat(d.get(digest("api-sbom-gone")).get("reason").asText()).isEqualTo("subject-missing");
        assertThat(d.get(digest("web-untagged-recent")).get("reason").asText()).isEqualTo("not-old-enough");
        assertThat(d.get(digest("api-untagged-4")).get("action").asText()).isEqualTo("keep");

        JsonNode summary = doc.get("summary");
        assertThat(summary.get("delete").asInt()).isEqualTo(10);
        assertThat(summary.get("bytes").asLong()).isPositive();
        assertThat(summary.get("monthlySavingsUsd").asDouble())
                .isEqualTo(Math.round(summary.get("bytes").asLong() / (1024.0 * 1024 * 1024) * 0.10 * 100) / 100.0);
    }

    @Test
    void theTablePlanShowsBytesAndDollarsPerMonth() {
        CliRunner.Run r = CliRunner.create()
                .run("delete-untagged", "--all", "--snapshot", REGISTRY.toString(), "--older-than", "7d");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("child-of-deleted-index")
                .contains("subject-missing")
                .containsPattern(
                        "Plan: delete 10 images \\([0-9.]+ GiB, \\$[0-9.]+/month\\) in 3 of 4 repositories; keep 20\\.")
                .contains("Dry run: nothing was changed.");
        assertThat(r.out()).doesNotContain("child-of-kept-index");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void csvHasOneRowPerDecision() {
        CliRunner.Run r = CliRunner.create()
                .run("delete-untagged", "-r", "platform/web", "--snapshot", REGISTRY.toString(), "-o", "csv");

        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("repositoryName,repositoryStatus,policyChanges,imageDigest,imageTags,");
        assertThat(lines).hasSize(1 + 6);
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.startsWith("platform/web,would-delete,,sha256:"));
    }

    @Test
    void aCsvNamesEveryRepositoryWithItsStatusNeverOnlyItsHeader() {
        CliRunner.Run nothing = CliRunner.create()
                .run(
                        "delete-untagged",
                        "-r",
                        "batch/worker",
                        "--snapshot",
                        REGISTRY.toString(),
                        "-o",
                        "csv",
                        "--older-than",
                        "3650d");
        CliRunner.Run policy = CliRunner.create()
                .run(
                        "put-policy",
                        "-r",
                        "batch/worker",
                        "--policy",
                        "examples/policies/keep-newest-10-prod.json",
                        "--snapshot",
                        REGISTRY.toString(),
                        "-o",
                        "csv");

        assertThat(nothing.out().lines())
                .hasSize(2)
                .element(1)
                .asString()
                .startsWith("batch/worker,nothing-to-delete,,,");
        assertThat(policy.out().lines().skip(1)).isNotEmpty().allMatch(l -> l.startsWith("batch/worker,would-update,"));
    }

    @Test
    void keepAndOlderThanCombinePerRepository() throws Exception {
        CliRunner.Run r = CliRunner.create()
                .run(
                        "delete-untagged",
                        "-r",
                        "platform/api",
                        "--snapshot",
                        REGISTRY.toString(),
                        "--keep",
                        "2",
                        "--older-than",
                        "10d",
                        "-o",
                        "json",
                        "--explain");

        Map<String, JsonNode> d = byDigest(json(r));
        assertThat(d.get(digest("api-untagged-4")).get("reason").asText()).isEqualTo("among-newest-untagged");
        assertThat(d.get(digest("api-untagged-3")).get("reason").asText()).isEqualTo("among-newest-untagged");
        assertThat(d.get(digest("api-untagged-2")).get("action").asText()).isEqualTo("delete");
        assertThat(d.get(digest("api-untagged-1")).get("action").asText()).isEqualTo("delete");
    }

    @Test
    void aSnapshotIsAlwaysADryRun() {
        CliRunner.Run r =
                CliRunner.create().run("delete-untagged", "--all", "--snapshot", REGISTRY.toString(), "--yes");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Dry run: nothing was changed.");
    }

    @Test
    void withYesItDeletesExactlyThePlanIndexesBeforeTheirChildren() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Map<String, List<Digest>> before = registry.digests();

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .run("delete-untagged", "--all", "--older-than", "7d", "--yes");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Done: deleted 12, failed 0.");
        List<Digest> deleted = new ArrayList<>();
        registry.deletions.forEach(e -> deleted.addAll(e.getValue()));
        assertThat(deleted).hasSize(12);
        // every deletion call was preceded by a fresh look at exactly its images
        assertThat(registry.describes).hasSameSizeAs(registry.deletions);
        Map<String, List<Digest>> after = registry.digests();
        before.forEach((repo, digests) -> assertThat(
                        digests.stream().filter(x -> !after.get(repo).contains(x)))
                .allMatch(deleted::contains));
        List<Digest> web = registry.deletions.stream()
                .filter(e -> e.getKey().equals("platform/web"))
                .flatMap(e -> e.getValue().stream())
                .toList();
        assertThat(web.indexOf(Digest.of(digest("web-build-0917"))))
                .isLessThan(web.indexOf(Digest.of(digest("web-build-0917-amd64"))));
        assertThat(after.get("platform/web"))
                .contains(Digest.of(digest("web-v2.4.0-amd64")), Digest.of(digest("web-v2.4.0-att")));
    }

    @Test
    void withoutATerminalAndWithoutYesItRefusesAndChangesNothing() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run r = CliRunner.create().registries(o -> registry).run("delete-untagged", "--all");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("ecrsweep: refusing to delete images without --yes");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out())
                .as("a refused run still shows its plan")
                .contains("Plan: delete 12 images")
                .contains("Refused: refusing to delete images without --yes")
                .doesNotContain("Dry run");
        assertThat(registry.deletions).isEmpty();
    }

    @Test
    void aPersonWhoDeclinesChangesNothing() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        CliRunner runner = CliRunner.create().registries(o -> registry).terminalAnswering(false);

        CliRunner.Run r = runner.run("delete-untagged", "--all");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(runner.questions)
                .singleElement()
                .isEqualTo("Delete 12 images in 3 repositories of account 123456789012 (eu-west-1)?");
        assertThat(r.out())
                .contains("Plan: delete 12 images")
                .contains("(plan)")
                .as("before the prompt nothing says dry run")
                .doesNotContain("Dry run")
                .doesNotContain("nothing was changed");
        assertThat(r.err()).isEqualTo("ecrsweep: declined: nothing was changed\n");
        assertThat(registry.deletions).isEmpty();
    }

    @Test
    void aPersonWhoAcceptsGetsTheDeletion() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .terminalAnswering(true)
                .run("delete-untagged", "-r", "tools/ci-runner");

        assertThat(r.exitCode()).isZero();
        assertThat(registry.images.get("tools/ci-runner")).hasSize(2);
    }

    @Test
    void maxDeleteRefusesALargerPlan() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);

        CliRunner.Run r = CliRunner.create()
                .registries(o -> registry)
                .run("delete-untagged", "--all", "--max-delete", "3", "--yes");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("the plan deletes or expires 12 images, more than --max-delete 3; nothing was changed");
        assertThat(r.out()).contains("Plan: delete 12 images");
        assertThat(registry.deletions).isEmpty();
    }

    @Test
    void aFailedImageMakesThePartialExitCodeAndIsReportedPerImage() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        registry.deleteFailures.put(Digest.of(digest("runner-untagged")), "KmsError");

        CliRunner.Run r =
                CliRunner.create().registries(o -> registry).run("delete-untagged", "--all", "--yes", "-o", "json");

        assertThat(r.exitCode()).isEqualTo(3);
        JsonNode doc = json(r);
        assertThat(doc.get("dryRun").asBoolean()).isFalse();
        JsonNode failed = byDigest(doc).get(digest("runner-untagged"));
        assertThat(failed.get("result").asText()).isEqualTo("failed");
        assertThat(failed.get("failure").get("failureCode").asText()).isEqualTo("KmsError");
        assertThat(doc.get("summary").get("failed").asInt()).isEqualTo(1);
        assertThat(doc.get("summary").get("deleted").asInt()).isEqualTo(11);
        assertThat(doc.get("account").asText()).isEqualTo("123456789012");
        assertThat(doc.get("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void orphanedSignaturesGoOnlyWhenAskedAndOnlyWhenTheirSubjectIsInNoRepository() throws Exception {
        CliRunner.Run without =
                CliRunner.create().run("delete-untagged", "--all", "--snapshot", REGISTRY.toString(), "-o", "json");
        CliRunner.Run with = CliRunner.create()
                .run(
                        "delete-untagged",
                        "--all",
                        "--snapshot",
                        REGISTRY.toString(),
                        "-o",
                        "json",
                        "--orphaned-signatures",
                        "--explain");

        assertThat(byDigest(json(without))).doesNotContainKey(digest("api-sig-gone"));
        Map<String, JsonNode> d = byDigest(json(with));
        assertThat(d.get(digest("api-sig-gone")).get("action").asText()).isEqualTo("delete");
        assertThat(d.get(digest("api-sig-gone")).get("reason").asText()).isEqualTo("subject-missing");
        assertThat(d.get(digest("web-v2.4.0-sig")).get("reason").asText()).isEqualTo("subject-present");
    }

    @Test
    void anUnknownRepositoryFailsWithItsNameAndTheNearestNames() {
        CliRunner.Run r =
                CliRunner.create().run("delete-untagged", "-r", "data/lake-ingest", "--snapshot", REGISTRY.toString());
        CliRunner.Run typo =
                CliRunner.create().run("delete-untagged", "-r", "platfrom/web", "--snapshot", REGISTRY.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("ecrsweep: repository 'data/lake-ingest' not found in snapshot examples/registry.json"
                        + " of account 123456789012 (eu-west-1)\n");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).endsWith("(eu-west-1); did you mean 'platform/web'?\n");
    }

    @Test
    void aPastedImageUriOrArnIsAnsweredWithTheRepositoryItNames() {
        CliRunner.Run uri = CliRunner.create()
                .run(
                        "delete-untagged",
                        "-r",
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform/web:v2.4.0",
                        "--snapshot",
                        REGISTRY.toString());
        CliRunner.Run arn = CliRunner.create()
                .run(
                        "delete-untagged",
                        "-r",
                        "arn:aws:ecr:eu-west-1:123456789012:repository/platform/web",
                        "--snapshot",
                        REGISTRY.toString());

        assertThat(uri.exitCode()).isEqualTo(2);
        assertThat(uri.err()).contains("is an image URI, not a repository name: the repository is 'platform/web'");
        assertThat(arn.exitCode()).isEqualTo(2);
        assertThat(arn.err()).contains("is a repository ARN, not a repository name: the repository is 'platform/web'");
    }

    @Test
    void repositoriesAndFormatsAreTakenAsTheAwsCliTakesThem() {
        CliRunner.Run r = CliRunner.create()
                .run(
                        "delete-untagged",
                        "-r",
                        "platform/web,platform/api",
                        "-o",
                        "JSON",
                        "--snapshot",
                        REGISTRY.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("\"repositoryName\" : \"platform/api\"")
                .contains("\"repositoryName\" : \"platform/web\"");
    }
}
