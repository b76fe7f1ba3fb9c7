package io.github.ecrsweep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.app.change.ExpireChange;
import io.github.ecrsweep.app.change.PutPolicyChange;
import io.github.ecrsweep.cli.MemoryRegistry;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.RandomCases;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code expire} does exactly what the put-policy preview shows, through the same application layer:
 * on generated policies and repositories (the seed is in each case's name), the two plans have the same
 * decisions, and a real expire deletes exactly the preview's expirations and archives its transitions.
 */
class ExpireTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String REPOSITORY = "generated";
    private static final String ANY_TEXT = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
            + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

    static LongStream seeds() {
        String one = System.getProperty("ecrsweep.seed");
        return one != null
                ? LongStream.of(Long.parseLong(one))
                : LongStream.range(0, 2_000).map(i -> 0xE4_0000L + i * 104_729);
    }

    private static Selection one() {
        return new Selection(List.of(REPOSITORY), false, List.of(), List.of(), false);
    }

    private static List<String> decisions(Outcome outcome) {
        return outcome.repositories().get(0).plan().decisions().stream()
                .map(d -> d.digest() + " " + d.action() + " " + d.reason() + " " + d.rulePriority())
                .toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void expireDecidesExactlyWhatThePreviewShowsAndDoesIt(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LifecyclePolicy policy = RandomCases.policy(random);
        List<Image> images = RandomCases.repository(random);
        Guards dryRun = new Guards(true, true, null);

        Outcome preview = Runs.run(
                // The text is only compared with the current policy; the decisions come from the generated policy.
                PutPolicyChange.of(
                        io.github.ecrsweep.report.CommandName.PUT_POLICY,
                        one(),
                        new PutPolicyChange.Desired(ANY_TEXT, policy),
                        java.util.Map.of(),
                        dryRun,
                        true,
                        InUseRequest.none()),
                MemoryRegistry.with(REPOSITORY, images),
                Confirmation.NOBODY,
                Diagnostics.NONE);
        Outcome planned = Runs.run(
                ExpireChange.of(one(), ANY_TEXT, policy, true, dryRun, true, InUseRequest.none()),
                MemoryRegistry.with(REPOSITORY, images),
                Confirmation.NOBODY,
                Diagnostics.NONE);

        assertThat(decisions(planned)).isEqualTo(decisions(preview));

        MemoryRegistry registry = MemoryRegistry.with(REPOSITORY, images);
        Outcome done = Runs.run(
                ExpireChange.of(
                        one(), ANY_TEXT, policy, true, new Guards(false, true, null), false, InUseRequest.none()),
                registry,
                Confirmation.NOBODY,
                Diagnostics.NONE);
        List<Decision> shown = preview.repositories().get(0).plan().actions();
        assertThat(registry.deletions.stream()
                        .flatMap(e -> e.getValue().stream())
                        .toList())
                .containsExactlyInAnyOrderElementsOf(shown.stream()
                        .filter(d -> d.action() == DecisionAction.EXPIRE)
                        .map(Decision::digest)
                        .toList());
        assertThat(registry.archived)
                .containsExactlyInAnyOrderElementsOf(shown.stream()
                        .filter(d -> d.action() == DecisionAction.TRANSITION)
                        .map(Decision::digest)
                        .toList());
        assertThat(ExitStatus.of(done)).isEqualTo(ExitCode.OK);
    }

    @org.junit.jupiter.api.Test
    void noArchiveLeavesTransitionsToEcrAndInUseImagesStay() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(Path.of("examples/registry.json"));
        String text = Files.readString(Path.of("examples/policies/aws-13-combine-archive-and-expire.json"));
        LifecyclePolicy policy = PolicyJson.check(text).policy().orElseThrow();
        String pinned = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tools/ci-runner:2026.10";
        InUseRequest inUse =
                new InUseRequest(List.of(InUseSpec.file(InUseSpec.Kind.PIN_FILE, "pins")), java.util.Set.of(), null);
        Selection all = new Selection(List.of(), true, List.of(), List.of(), false);

        Outcome noArchive = Runs.run(
                ExpireChange.of(all, text, policy, false, new Guards(false, true, null), true, inUse),
                registry,
                Instant.parse("2026-11-20T09:00:00Z"),
                Confirmation.NOBODY,
                Diagnostics.NONE,
                (spec, target, now) -> new Fixed(pinned),
                Cancellation.NEVER);

        assertThat(registry.archived).isEmpty();
        List<Decision> all2 = noArchive.repositories().stream()
                .flatMap(r -> r.plan().decisions().stream())
                .toList();
        assertThat(all2).noneMatch(d -> d.action() == DecisionAction.TRANSITION);
        assertThat(all2).anyMatch(d -> d.reason() == io.github.ecrsweep.rules.Reason.ARCHIVE_LEFT_TO_ECR);
        Decision runner = all2.stream()
                .filter(d -> d.image().tags().contains("2026.10"))
                .findFirst()
                .orElseThrow();
        assertThat(runner.reason()).isEqualTo(io.github.ecrsweep.rules.Reason.IN_USE);
        assertThat(runner.inUse()).containsExactly("test:pin");
    }

    /** A source that reports one image in use. */
    private record Fixed(String image) implements io.github.ecrsweep.registry.inuse.InUseSource {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public List<io.github.ecrsweep.registry.inuse.InUseReference> scan() {
            return List.of(new io.github.ecrsweep.registry.inuse.InUseReference(
                    io.github.ecrsweep.registry.inuse.ImageReference.parse(image)
                            .orElseThrow(),
                    "test:pin"));
        }
    }
}
