package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * --audit-log, end to end: every image a run deletes is one JSON line, with its tags, the reviewed plan's SHA-256
 * and the caller STS names, appended to a file or written as one S3 object per run on the emulator; a dry run
 * records nothing. Each line validates against docs/audit.schema.json.
 */
@ExtendWith(EcrEmulator.class)
class AuditLogIT {

    @TempDir
    Path home;

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(EcrEmulator.json().readTree(line));
            }
        }
        return lines;
    }

    private static void valid(List<JsonNode> lines) throws Exception {
        com.networknt.schema.Schema schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                        com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("docs/audit.schema.json")));
        for (JsonNode line : lines) {
            assertThat(schema.validate(line)).as(line.toString()).isEmpty();
        }
    }

    @Test
    void eachDeletedImageIsALineInTheFileAndAnAppliedPlansLinesNameItsSha256(EcrEmulator.Server ecr) throws Exception {
        Seed seed = new Seed();
        SeedImage a = seed.image("shop/web", "a", EndToEndIT.daysAgo(30));
        SeedImage b = seed.image("shop/api", "b", EndToEndIT.daysAgo(30));
        seed.image("shop/web", "kept", EndToEndIT.daysAgo(30), "v1");
        ecr.seed(seed);
        Path log = home.resolve("audit.jsonl");
        Path plan = home.resolve("plan.json");

        JarProcess.Result dry = EcrEmulator.jar(home, ecr)
                .run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "7d",
                        "--dry-run",
                        "--out",
                        plan.toString(),
                        "--audit-log",
                        log.toString());
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(log).doesNotExist();

        JarProcess.Result applied =
                EcrEmulator.jar(home, ecr).run("apply", plan.toString(), "--yes", "--audit-log", log.toString());

        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.err()).contains("Audit log: 2 changes recorded in " + log);
        List<JsonNode> lines = lines(Files.readString(log));
        valid(lines);
        String planSha256 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(plan)));
        assertThat(lines)
                .extracting(l -> l.get("repository").asText() + " "
                        + l.get("imageDigest").asText())
                .containsExactlyInAnyOrder("shop/web " + a.digest(), "shop/api " + b.digest());
        for (JsonNode line : lines) {
            assertThat(line.get("command").asText()).isEqualTo("apply");
            assertThat(line.get("action").asText()).isEqualTo("delete");
            assertThat(line.get("result").asText()).isEqualTo("deleted");
            assertThat(line.get("account").asText()).isEqualTo(EcrEmulator.ACCOUNT);
            assertThat(line.get("planSha256").asText()).isEqualTo(planSha256);
            assertThat(line.get("caller").asText()).startsWith("arn:aws:");
            assertThat(line.get("imageTags")).isEmpty();
        }
    }

    @Test
    void anS3PrefixReceivesOneObjectPerRun(EcrEmulator.Server ecr) throws Exception {
        Seed seed = new Seed();
        SeedImage a = seed.image("shop/web", "a", EndToEndIT.daysAgo(30));
        ecr.seed(seed);
        try (S3Client s3 = EcrEmulator.client(S3Client.builder().forcePathStyle(true), ecr)) {
            s3.createBucket(r -> r.bucket("registry-audit"));

            JarProcess.Result r = EcrEmulator.jar(home, ecr)
                    .run(
                            "delete-untagged",
                            "--all",
                            "--older-than",
                            "7d",
                            "--yes",
                            "--run-id",
                            "nightly-7",
                            "--audit-log",
                            "s3://registry-audit/ecrsweep/");

            assertThat(r.exitCode()).as(r.err()).isZero();
            List<S3Object> objects = s3.listObjectsV2(
                            q -> q.bucket("registry-audit").prefix("ecrsweep/"))
                    .contents();
            assertThat(objects)
                    .singleElement()
                    .satisfies(o -> assertThat(o.key()).endsWith("-nightly-7.jsonl"));
            String text = s3.getObjectAsBytes(
                            q -> q.bucket("registry-audit").key(objects.get(0).key()))
                    .asUtf8String();
            List<JsonNode> lines = lines(text);
            valid(lines);
            assertThat(lines).singleElement().satisfies(l -> {
                assertThat(l.get("imageDigest").asText()).isEqualTo(a.digest());
                assertThat(l.get("runId").asText()).isEqualTo("nightly-7");
            });
        }
    }
}
