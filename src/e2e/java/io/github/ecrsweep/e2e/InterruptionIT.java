package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * SIGINT or SIGTERM during a large delete: the batch in flight finishes, nothing more is sent, the
 * report says what was and was not done, the exit code is 130 or 143, nothing outside the plan is
 * gone, and the same command run again finishes the job.
 */
@ExtendWith(EcrEmulator.class)
class InterruptionIT {

    private static final int REPOS = 3;
    private static final int UNTAGGED = 600;

    @TempDir
    Path home;

    private static Set<String> all(EcrClient client) {
        Set<String> result = new HashSet<>();
        for (int r = 0; r < REPOS; r++) {
            String repo = "big/repo-" + r;
            EndToEndIT.digests(client, repo).forEach(d -> result.add(repo + "@" + d));
        }
        return result;
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void aSignalStopsBetweenBatchesReportsAndASecondRunFinishes(
            String signal, int exitCode, EcrEmulator.Server ecr, ChaosProxy proxy) throws Exception {
        Chaos chaos = proxy.chaos();
        Seed seed = new Seed();
        Set<String> planned = new HashSet<>();
        for (int r = 0; r < REPOS; r++) {
            String repo = "big/repo-" + r;
            for (int i = 0; i < UNTAGGED; i++) {
                planned.add(repo + "@"
                        + seed.image(repo, repo + "-u" + i, EndToEndIT.daysAgo(30))
                                .digest());
            }
            seed.image(repo, repo + "-tagged", EndToEndIT.daysAgo(30), "v1");
        }
        ecr.seed(seed);
        Set<String> before;
        try (EcrClient client = ecr.client()) {
            before = all(client);
        }
        chaos.at(Chaos.Kind.SLOW, 1.0, "BatchDeleteImage");

        JarProcess.Running running = JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", EcrEmulator.REGION)
                .start("delete-untagged", "--all", "--yes", "--parallel", "1", "--endpoint-url", proxy.endpoint());
        try (EcrClient client = ecr.client()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (all(client).size() > before.size() - 100
                    && System.nanoTime() < deadline
                    && running.process().isAlive()) {
                Thread.sleep(100);
            }
        }
        running.signal(signal);
        JarProcess.Result r = running.await();
        chaos.off();

        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        Matcher m = Pattern.compile("ecrsweep: interrupted by SIG" + signal + ": deleted (\\d+) of " + planned.size()
                        + " planned images, (\\d+) not attempted; run the same command again to finish")
                .matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        int deleted = Integer.parseInt(m.group(1));
        int notAttempted = Integer.parseInt(m.group(2));
        assertThat(deleted).isPositive().isLessThan(planned.size());
        assertThat(deleted + notAttempted).isEqualTo(planned.size());
        assertThat(r.out())
                .contains("not-attempted")
                .contains("Done: deleted " + deleted + ", failed 0, not attempted " + notAttempted + ".");

        Set<String> gone = new HashSet<>(before);
        try (EcrClient client = ecr.client()) {
            gone.removeAll(all(client));
        }
        assertThat(gone).hasSize(deleted).isSubsetOf(planned);

        JarProcess.Result again = JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", EcrEmulator.REGION)
                .run("delete-untagged", "--all", "--yes", "--endpoint-url", ecr.endpoint());
        assertThat(again.exitCode()).as(again.err()).isZero();
        try (EcrClient client = ecr.client()) {
            Set<String> left = all(client);
            Set<String> expected = new HashSet<>(before);
            expected.removeAll(planned);
            assertThat(left).isEqualTo(expected);
        }
    }

    @org.junit.jupiter.api.Test
    void sigtermDuringApplyAllStopsAfterThePutInFlightAndReportsWhatWasPut(EcrEmulator.Server ecr, ChaosProxy proxy)
            throws Exception {
        int repositories = 40;
        Seed seed = new Seed();
        for (int r = 0; r < repositories; r++) {
            seed.repository(String.format("fleet/repo-%02d", r));
        }
        ecr.seed(seed);
        proxy.chaos().slow(300, "PutLifecyclePolicy");
        String policy = Path.of("examples/policies/expire-untagged-after-14-days.json")
                .toAbsolutePath()
                .toString();

        JarProcess.Running running = JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", EcrEmulator.REGION)
                .start(
                        "apply-all",
                        "--policy",
                        policy,
                        "--yes",
                        "--parallel",
                        "1",
                        "-o",
                        "json",
                        "--endpoint-url",
                        proxy.endpoint());
        try (EcrClient client = ecr.client()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (withPolicy(client, repositories) < 3
                    && System.nanoTime() < deadline
                    && running.process().isAlive()) {
                Thread.sleep(50);
            }
        }
        running.signal("TERM");
        JarProcess.Result r = running.await();

        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        Matcher m = Pattern.compile(
                        "ecrsweep: interrupted by SIGTERM: put the policy on (\\d+) repositor(?:y|ies), (\\d+) not attempted")
                .matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        int put = Integer.parseInt(m.group(1));
        int notAttempted = Integer.parseInt(m.group(2));
        assertThat(put + notAttempted).isEqualTo(repositories);
        assertThat(put).isPositive().isLessThan(repositories);
        com.fasterxml.jackson.databind.JsonNode doc = EcrEmulator.json().readTree(r.out());
        assertThat(doc.get("summary").get("policies").get("created").asInt()).isEqualTo(put);
        assertThat(doc.get("summary").get("policies").get("interrupted").asInt())
                .isEqualTo(notAttempted);
        try (EcrClient client = ecr.client()) {
            assertThat(withPolicy(client, repositories))
                    .as("what the report says was put, and nothing more")
                    .isEqualTo(put);
        }
    }

    private static int withPolicy(EcrClient client, int repositories) {
        int n = 0;
        for (int r = 0; r < repositories; r++) {
            String name = String.format("fleet/repo-%02d", r);
            try {
                client.getLifecyclePolicy(b -> b.repositoryName(name));
                n++;
            } catch (software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException e) {
                // not put
            }
        }
        return n;
    }

    @org.junit.jupiter.api.Test
    void aSignalToAFleetSaysWhichTargetsWereDoneInterruptedOrLeft(EcrEmulator.Server ecr, ChaosProxy proxy)
            throws Exception {
        Set<String> seeded = new HashSet<>();
        for (String region : java.util.List.of(EcrEmulator.REGION, "eu-west-1")) {
            Seed seed = new Seed().inRegion(region);
            for (int i = 0; i < 300; i++) {
                seeded.add(seed.image("big/repo-0", region + "-u" + i, EndToEndIT.daysAgo(30))
                        .digest());
            }
            ecr.seed(seed);
        }
        proxy.chaos().at(Chaos.Kind.SLOW, 1.0, "BatchDeleteImage");

        JarProcess.Running running = JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_ENDPOINT_URL", proxy.endpoint())
                .start(
                        "delete-untagged",
                        "--all",
                        "--yes",
                        "--parallel",
                        "1",
                        "--region",
                        EcrEmulator.REGION + ",eu-west-1",
                        "-o",
                        "json");
        try (EcrClient client = ecr.client()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (EndToEndIT.digests(client, "big/repo-0").size() > 200
                    && System.nanoTime() < deadline
                    && running.process().isAlive()) {
                Thread.sleep(100);
            }
        }
        running.signal("TERM");
        JarProcess.Result r = running.await();
        proxy.chaos().off();

        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        assertThat(r.err())
                .containsPattern(
                        "ecrsweep: interrupted by SIGTERM: (done|interrupted|left) in account " + EcrEmulator.ACCOUNT)
                .contains("run the same command again to finish");
        com.fasterxml.jackson.databind.JsonNode doc = EcrEmulator.json().readTree(r.out());
        Set<String> states = new HashSet<>();
        doc.get("targets").forEach(t -> states.add(t.get("reached").asText()));
        assertThat(states).isSubsetOf("done", "interrupted", "left").contains("interrupted");
    }
}
