package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fewest API calls the job needs, counted by --stats on a registry of 3 repositories of 2,500
 * images: one listing of repositories, one DescribeImages per 1,000 images, BatchGetImage only for
 * index manifests (100 per call) and only once in their life (then from the manifest cache), one
 * BatchDeleteImage per 100 deletions of a wave, each preceded by one DescribeImages of its images.
 */
@ExtendWith(EcrEmulator.class)
class CallCountIT {

    private static final int REPOS = 3;
    private static final int IMAGES = 2_500;
    private static final int TAGGED_INDEXES = 120;
    private static final int UNTAGGED_INDEXES = 30;
    private static final int UNTAGGED = 850;

    @TempDir
    Path home;

    private static Map<String, Long> calls(String stderr) {
        Matcher m = Pattern.compile("AWS calls: (.*) \\((\\d+) calls, (\\d+) retries, (\\d+) throttled\\) in [0-9.]+ s")
                .matcher(stderr);
        assertThat(m.find()).as(stderr).isTrue();
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String part : m.group(1).split(", ")) {
            String[] kv = part.split(" ");
            calls.put(kv[0], Long.parseLong(kv[1]));
        }
        assertThat(Long.parseLong(m.group(3))).as("retries").isZero();
        return calls;
    }

    private static long ceil(long n, long per) {
        return (n + per - 1) / per;
    }

    @Test
    void deleteUntaggedMakesTheMinimumNumberOfCalls(EcrEmulator.Server ecr) throws Exception {
        Seed seed = new Seed();
        for (int r = 0; r < REPOS; r++) {
            String repo = "fleet/repo-" + r;
            int n = 0;
            for (int i = 0; i < TAGGED_INDEXES + UNTAGGED_INDEXES; i++) {
                SeedImage a = seed.image(repo, repo + "-amd-" + i, EndToEndIT.daysAgo(30));
                SeedImage b = seed.image(repo, repo + "-arm-" + i, EndToEndIT.daysAgo(30));
                if (i < TAGGED_INDEXES) {
                    seed.index(
                            repo,
                            repo + "-idx-" + i,
                            Seed.OCI_INDEX,
                            EndToEndIT.daysAgo(30),
                            List.of(a, b),
                            "release-" + i);
                } else {
                    seed.index(repo, repo + "-idx-" + i, Seed.DOCKER_LIST, EndToEndIT.daysAgo(30), List.of(a, b));
                }
                n += 3;
            }
            for (int i = 0; i < UNTAGGED; i++, n++) {
                seed.image(repo, repo + "-u-" + i, EndToEndIT.daysAgo(20));
            }
            for (int i = 0; n < IMAGES; i++, n++) {
                seed.image(repo, repo + "-t-" + i, EndToEndIT.daysAgo(10), "build-" + i);
            }
        }
        ecr.seed(seed);
        JarProcess process = JarProcess.in(home).dummyCredentials().env("AWS_REGION", EcrEmulator.REGION);

        JarProcess.Result dry =
                process.run("delete-untagged", "--all", "--dry-run", "--stats", "--endpoint-url", ecr.endpoint());
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        Map<String, Long> reading = Map.of(
                "DescribeRepositories",
                1L,
                // the repository's own ecrsweep:older-than and ecrsweep:keep: ECR reads one repository's tags a call
                "ListTagsForResource",
                (long) REPOS,
                // where the repositories replicate to, once: their replicas keep what the run deletes
                "DescribeRegistry",
                1L,
                "DescribeImages",
                REPOS * ceil(IMAGES, 1000),
                "BatchGetImage",
                REPOS * ceil(TAGGED_INDEXES + UNTAGGED_INDEXES, 100));
        assertThat(calls(dry.err())).isEqualTo(reading);

        JarProcess.Result run =
                process.run("delete-untagged", "--all", "--yes", "--stats", "--endpoint-url", ecr.endpoint());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, Long> expected = new LinkedHashMap<>(reading);
        // wave 0: the untagged standalone images and the untagged indexes; wave 1: the children those indexes free
        long deletes = REPOS * (ceil(UNTAGGED + UNTAGGED_INDEXES, 100) + ceil(2L * UNTAGGED_INDEXES, 100));
        expected.put("BatchDeleteImage", deletes);
        // the manifests were read by the dry run: the cache answers now
        expected.remove("BatchGetImage");
        // the re-check: one DescribeImages of exactly the images of each deletion call, right before it
        expected.put("DescribeImages", REPOS * ceil(IMAGES, 1000) + deletes);
        assertThat(calls(run.err())).isEqualTo(expected);
        assertThat(run.out()).contains("Done: deleted " + REPOS * (UNTAGGED + 3 * UNTAGGED_INDEXES) + ", failed 0.");
    }

    /**
     * Calls go over kept connections, as with ECR (where each new one is a TLS handshake): a cleanup of 40
     * repositories by 16 workers opens about one connection per worker, not one per call (the JDK's client
     * keeps only 5 idle connections unless told otherwise).
     */
    @Test
    void callsReuseTheirConnections(EcrEmulator.Server ecr) throws Exception {
        Seed seed = new Seed();
        int repos = 40;
        for (int r = 0; r < repos; r++) {
            for (int i = 0; i < 3; i++) {
                seed.image("kept/repo-" + r, "kept-" + r + "-" + i, EndToEndIT.daysAgo(20));
            }
        }
        ecr.seed(seed);
        ecr.connectionsOpened();

        JarProcess.Result run = JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", EcrEmulator.REGION)
                .run(
                        "delete-untagged",
                        "--all",
                        "--yes",
                        "--parallel",
                        "16",
                        "--stats",
                        "--endpoint-url",
                        ecr.endpoint());

        assertThat(run.exitCode()).as(run.err()).isZero();
        long made =
                calls(run.err()).values().stream().mapToLong(Long::longValue).sum();
        // DescribeRepositories and DescribeRegistry, then per repository ListTagsForResource, DescribeImages,
        // BatchDeleteImage and the DescribeImages right before it
        assertThat(made).isEqualTo(2 + 4L * repos);
        // 16 workers, the question above and one spare: far below the 161 calls
        assertThat(ecr.connectionsOpened()).isLessThanOrEqualTo(16 + 2);
    }
}
