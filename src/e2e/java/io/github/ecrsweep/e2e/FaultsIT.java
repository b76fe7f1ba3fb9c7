package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Faults between the jar and the emulator, injected by a WireMock proxy. Whatever happens, a run ends
 * with exit 0 and the planned state, or reports per image what was and was not done (exit 1 or 3);
 * no image outside the plan is ever deleted; a second run without faults converges.
 */
@ExtendWith(EcrEmulator.class)
class FaultsIT {

    @TempDir
    Path home;

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("throttling on 30% of all calls", Chaos.Kind.THROTTLE, 0.3, null, 0),
                Arguments.of(
                        "a throttling burst longer than the retries on deletes",
                        Chaos.Kind.THROTTLE,
                        0.0,
                        "BatchDeleteImage",
                        4),
                Arguments.of("HTTP 500 on 30% of all calls", Chaos.Kind.HTTP_500, 0.3, null, 0),
                Arguments.of("HTTP 503 on 40% of deletes", Chaos.Kind.HTTP_503, 0.4, "BatchDeleteImage", 0),
                Arguments.of("connection resets on 30% of all calls", Chaos.Kind.RESET, 0.3, null, 0),
                Arguments.of("connection resets on every delete", Chaos.Kind.RESET, 1.0, "BatchDeleteImage", 0),
                Arguments.of(
                        "every delete done and its answer lost", Chaos.Kind.RESET_AFTER, 1.0, "BatchDeleteImage", 0),
                Arguments.of("slow answers on every call", Chaos.Kind.SLOW, 1.0, null, 0));
    }

    JarProcess.Result ecrsweep(String endpoint, String... args) throws Exception {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--endpoint-url", endpoint, "--max-attempts", "3"))
                .toArray(String[]::new);
        return JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", EcrEmulator.REGION)
                .run(all);
    }

    static Map<String, Set<String>> state(EcrClient client, List<String> repositories) {
        Map<String, Set<String>> state = new HashMap<>();
        for (String repo : repositories) {
            state.put(repo, EndToEndIT.digests(client, repo));
        }
        return state;
    }

    private static final List<String> REPOSITORIES = List.of("batch/worker", "platform/api", "platform/web");

    /** The fleet's cleanup planned (a dry run), and its repositories' digests before any change. */
    private record Start(Set<String> plan, Map<String, Set<String>> before) {}

    private Start start(EcrEmulator.Server ecr, EndToEndIT.Fleet fleet) throws Exception {
        ecr.seed(fleet.seed);
        JarProcess.Result dry =
                ecrsweep(ecr.endpoint(), "delete-untagged", "--all", "--older-than", "7d", "--dry-run", "-o", "json");
        try (EcrClient client = ecr.client()) {
            return new Start(EndToEndIT.planned(EcrEmulator.json().readTree(dry.out())), state(client, REPOSITORIES));
        }
    }

    /** The images gone since {@code before}, as repository@digest. */
    private static Set<String> gone(EcrEmulator.Server ecr, Map<String, Set<String>> before) {
        Map<String, Set<String>> now;
        try (EcrClient client = ecr.client()) {
            now = state(client, REPOSITORIES);
        }
        Set<String> gone = new HashSet<>();
        before.forEach((repo, digests) ->
                digests.stream().filter(d -> !now.get(repo).contains(d)).forEach(d -> gone.add(repo + "@" + d)));
        return gone;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyRunEndsCorrectOrSaysWhatWasNotDoneAndASecondRunConverges(
            String name,
            Chaos.Kind kind,
            double rate,
            String operation,
            int burst,
            EcrEmulator.Server ecr,
            ChaosProxy proxy)
            throws Exception {
        Chaos chaos = proxy.chaos();
        EndToEndIT.Fleet fleet = new EndToEndIT.Fleet();
        Start start = start(ecr, fleet);
        Set<String> plan = start.plan();
        Map<String, Set<String>> before = start.before();
        String[] command = {"delete-untagged", "--all", "--older-than", "7d", "--yes", "-o", "json"};

        if (burst > 0) {
            chaos.burst(kind, burst, operation);
        } else {
            chaos.at(kind, rate, operation);
        }
        JarProcess.Result run = ecrsweep(proxy.endpoint(), command);
        int injected = chaos.injected();
        chaos.off();
        System.out.printf("fault scenario '%s': %d faults injected, exit %d%n", name, injected, run.exitCode());
        assertThat(injected).as("faults injected").isPositive();

        assertThat(run.exitCode()).as(run.err()).isIn(0, 1, 3);
        assertThat(run.err()).doesNotContain("\tat ");
        Set<String> gone = gone(ecr, before);
        assertThat(plan).as("the plan itself").isNotEmpty();
        assertThat(gone).as("nothing outside the plan is deleted").isSubsetOf(plan);
        if (run.exitCode() == 0) {
            assertThat(gone).isEqualTo(plan);
        } else if (!run.out().isBlank()) {
            // The report says exactly what happened to each image.
            JsonNode doc = EcrEmulator.json().readTree(run.out());
            for (JsonNode repo : doc.get("repositories")) {
                for (JsonNode image : repo.get("images")) {
                    String key = repo.get("repositoryName").asText() + "@"
                            + image.get("imageDigest").asText();
                    String result = image.path("result").asText("");
                    if ("deleted".equals(result) || "deleted-with-new-tags".equals(result)) {
                        assertThat(gone).as(key + " reported deleted").contains(key);
                    } else if ("failed".equals(result)) {
                        assertThat(gone).as(key + " reported failed").doesNotContain(key);
                    }
                }
            }
        } else {
            assertThat(run.err().lines()).hasSize(1);
            assertThat(gone)
                    .as("a run that failed before any change deleted nothing")
                    .isEmpty();
        }

        JarProcess.Result again = ecrsweep(ecr.endpoint(), command);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(gone(ecr, before)).isEqualTo(plan);
        for (SeedImage keep : fleet.mustStay) {
            assertThat(plan).noneMatch(p -> p.endsWith("@" + keep.digest()));
        }
    }

    /**
     * Throttling on more deletions than the attempts of every repository's first call: each call ECR throttled
     * through every attempt waits a pause, is read again and sent again, and the run deletes its whole plan
     * (exit 0) without a second run.
     */
    @Test
    void aThrottlingBurstPastEveryAttemptIsWaitedOutAndTheWholePlanIsDeleted(EcrEmulator.Server ecr, ChaosProxy proxy)
            throws Exception {
        Chaos chaos = proxy.chaos();
        Start start = start(ecr, new EndToEndIT.Fleet());

        // Three attempts (--max-attempts 3) for each of the three repositories' first calls, all throttled.
        chaos.burst(Chaos.Kind.THROTTLE, 9, "BatchDeleteImage");
        JarProcess.Result run = ecrsweep(
                proxy.endpoint(), "delete-untagged", "--all", "--older-than", "7d", "--yes", "-o", "json", "-v");
        int injected = chaos.injected();
        chaos.off();

        assertThat(injected).isEqualTo(9);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("is read again and sent again");
        assertThat(gone(ecr, start.before())).isEqualTo(start.plan());
    }
}
