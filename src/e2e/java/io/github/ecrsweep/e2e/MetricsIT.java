package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * --metrics, end to end: a run that deletes publishes its counts to the emulator's CloudWatch per target (Account,
 * Region) and for the command; in the embedded metric format they are lines on stderr; a CloudWatch that cannot be
 * reached is a warning and the run's result stays.
 */
@ExtendWith(EcrEmulator.class)
@SuppressWarnings("unchecked") // the SDK builders' varargs of consumers
class MetricsIT {

    @TempDir
    Path home;

    /** Two untagged images a month old (named apart from those seeded before) and a tagged one. */
    private void seed(EcrEmulator.Server ecr, String round) {
        Seed seed = new Seed();
        seed.image("shop/web", round + "-a", EndToEndIT.daysAgo(30));
        seed.image("shop/web", round + "-b", EndToEndIT.daysAgo(31));
        seed.image("shop/web", round + "-kept", EndToEndIT.daysAgo(30), round);
        ecr.seed(seed);
    }

    @Test
    void aRunPublishesWhatItDeletedToCloudWatchPerTarget(EcrEmulator.Server ecr) throws Exception {
        seed(ecr, "one");

        JarProcess.Result r = EcrEmulator.jar(home, ecr)
                .run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "7d",
                        "--yes",
                        "--metrics",
                        "cloudwatch:ecrsweep-test");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("Metrics: 7 values published to CloudWatch (ecrsweep-test).");
        // What the emulator's CloudWatch stored (its SDK speaks RPC v2 CBOR, which the harness reads).
        JsonNode stored;
        try (var in = java.net
                .URI
                .create(ecr.endpoint() + "/_ecrsweep/metrics")
                .toURL()
                .openStream()) {
            stored = EcrEmulator.json().readTree(in);
        }
        List<String> names = new java.util.ArrayList<>();
        double deleted = -1;
        for (JsonNode d : stored) {
            if (d.get("namespace").asText().equals("ecrsweep-test")) {
                names.add(d.get("name").asText());
                if (d.get("name").asText().equals("ImagesDeleted")) {
                    assertThat(d.get("dimensions").get("Account").asText()).isEqualTo(EcrEmulator.ACCOUNT);
                    assertThat(d.get("dimensions").get("Region").asText()).isEqualTo(EcrEmulator.REGION);
                    assertThat(d.get("dimensions").get("Command").asText()).isEqualTo("delete-untagged");
                    deleted = d.get("value").asDouble();
                }
            }
        }
        assertThat(deleted).isEqualTo(2.0);
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "ImagesDeleted",
                        "ImagesArchived",
                        "BytesReclaimed",
                        "RepositoriesFailed",
                        "Duration",
                        "Calls",
                        "ThrottledCalls");
    }

    @Test
    void theEmbeddedMetricFormatIsALineOnStderrAndAnUnreachableCloudWatchOnlyWarns(EcrEmulator.Server ecr)
            throws Exception {
        seed(ecr, "one");

        JarProcess.Result emf = EcrEmulator.jar(home, ecr)
                .run("delete-untagged", "--all", "--older-than", "7d", "--dry-run", "--metrics", "emf");
        assertThat(emf.err()).doesNotContain("\"_aws\"");

        JarProcess.Result r = EcrEmulator.jar(home, ecr)
                .env("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:9")
                .run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "7d",
                        "--yes",
                        "--metrics",
                        "cloudwatch",
                        "--max-attempts",
                        "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("warning: the metrics were not published to CloudWatch")
                .contains("the run's result is unchanged");

        seed(ecr, "two");
        JarProcess.Result line = EcrEmulator.jar(home, ecr)
                .run("delete-untagged", "--all", "--older-than", "7d", "--yes", "--metrics", "emf:team-a");
        assertThat(line.exitCode()).as(line.err()).isZero();
        String json = line.err()
                .lines()
                .filter(l -> l.startsWith("{\"_aws\""))
                .findFirst()
                .orElseThrow();
        JsonNode emfLine = EcrEmulator.json().readTree(json);
        assertThat(emfLine.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("team-a");
        assertThat(emfLine.get("ImagesDeleted").asDouble()).isEqualTo(2.0);
        assertThat(emfLine.get("Account").asText()).isEqualTo(EcrEmulator.ACCOUNT);
    }
}
