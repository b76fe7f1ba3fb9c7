package io.github.ecrsweep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import io.github.ecrsweep.app.change.DeleteUntaggedChange;
import io.github.ecrsweep.app.change.PutPolicyChange;
import io.github.ecrsweep.cli.MemoryRegistry;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.UntaggedSelection;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The application layer's one sequence, asserted on typed outcomes over in-memory registries. */
class ChangeRunnerTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String POLICY = "examples/policies/expire-untagged-after-14-days.json";

    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Diagnostics diagnostics = new Diagnostics() {
        @Override
        public void warn(String message) {
            warnings.add(message);
        }

        @Override
        public void error(String message) {
            errors.add(message);
        }
    };

    private static Confirmation answering(boolean yes, AtomicInteger asked) {
        return new Confirmation() {
            @Override
            public boolean personPresent() {
                return true;
            }

            @Override
            public boolean confirm(List<Question> questions) {
                asked.incrementAndGet();
                return yes;
            }
        };
    }

    private static Change deleteAll(Guards guards) {
        return DeleteUntaggedChange.of(
                new Selection(List.of(), true, List.of(), List.of(), false),
                UntaggedSelection.all(),
                guards,
                false,
                InUseRequest.none());
    }

    private static Change applyAll(Guards guards) throws Exception {
        String text = Files.readString(Path.of(POLICY));
        return PutPolicyChange.of(
                io.github.ecrsweep.report.CommandName.APPLY_ALL,
                new Selection(List.of(), false, List.of(), List.of(), true),
                new PutPolicyChange.Desired(
                        text, PolicyJson.check(text).policy().orElseThrow()),
                java.util.Map.of(),
                guards,
                false,
                InUseRequest.none());
    }

    @Test
    void aDryRunNeverCallsAChangingMethodOfTheRegistry() throws Exception {
        MemoryRegistry registry = spy(MemoryRegistry.of(REGISTRY));
        Outcome deletion =
                Runs.run(deleteAll(new Guards(true, true, null)), registry, Confirmation.NOBODY, diagnostics);
        Outcome policies = Runs.run(applyAll(new Guards(true, true, null)), registry, Confirmation.NOBODY, diagnostics);

        assertThat(deletion.ending()).isEqualTo(Outcome.Ending.DRY_RUN);
        assertThat(policies.ending()).isEqualTo(Outcome.Ending.DRY_RUN);
        verify(registry, never()).deleteImages(anyString(), anyList());
        verify(registry, never()).putLifecyclePolicy(anyString(), any());
        assertThat(ExitStatus.of(deletion)).isEqualTo(ExitCode.OK);
    }

    @Test
    void everyGuardRefusesWithItsReasonAndChangesNothing() {
        MemoryRegistry registry = spy(MemoryRegistry.of(REGISTRY));
        AtomicInteger asked = new AtomicInteger();

        Outcome overLimit =
                Runs.run(deleteAll(new Guards(false, true, 2)), registry, answering(true, asked), diagnostics);
        Outcome nobody =
                Runs.run(deleteAll(new Guards(false, false, null)), registry, Confirmation.NOBODY, diagnostics);
        Outcome declined =
                Runs.run(deleteAll(new Guards(false, false, null)), registry, answering(false, asked), diagnostics);
        Outcome dryOverLimit =
                Runs.run(deleteAll(new Guards(true, false, 2)), registry, Confirmation.NOBODY, diagnostics);

        assertThat(overLimit.ending()).isEqualTo(Outcome.Ending.REFUSED);
        assertThat(overLimit.refusal()).contains("--max-delete 2");
        assertThat(nobody.ending()).isEqualTo(Outcome.Ending.REFUSED);
        assertThat(nobody.refusal()).contains("no terminal");
        assertThat(declined.ending()).isEqualTo(Outcome.Ending.DECLINED);
        assertThat(dryOverLimit.ending()).isEqualTo(Outcome.Ending.DRY_RUN);
        assertThat(dryOverLimit.refusal()).contains("--max-delete 2");
        assertThat(asked).as("only the declining person was asked").hasValue(1);
        for (Outcome o : List.of(overLimit, nobody, declined, dryOverLimit)) {
            assertThat(ExitStatus.of(o)).isEqualTo(ExitCode.FAILED);
        }
        verify(registry, never()).deleteImages(anyString(), anyList());
    }

    @Test
    void aSignalDuringApplyAllStopsAfterThePutInFlightAndSaysWhatWasNotPut() throws Exception {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        Cancellation afterFirstPut = new Cancellation() {
            @Override
            public boolean requested() {
                return !registry.puts.isEmpty();
            }

            @Override
            public String cause() {
                return "SIGTERM";
            }

            @Override
            public ExitCode exitCode() {
                return ExitCode.TERMINATED;
            }
        };

        Outcome outcome = Runs.run(
                applyAll(new Guards(false, true, null)),
                registry,
                Confirmation.NOBODY,
                diagnostics,
                InUseSources.NONE,
                afterFirstPut);

        assertThat(outcome.ending()).isEqualTo(Outcome.Ending.INTERRUPTED);
        assertThat(ExitStatus.of(outcome)).isEqualTo(ExitCode.TERMINATED);
        assertThat(registry.puts).hasSize(1);
        assertThat(outcome.repositories())
                .filteredOn(r -> r.status() == RepositoryStatus.INTERRUPTED)
                .hasSize(3);
    }

    /** A source that answers as the test says, or fails like an IAM policy without its actions. */
    private static io.github.ecrsweep.registry.inuse.InUseSource source(
            String name, io.github.ecrsweep.registry.RegistryException failure, String... references) {
        return new io.github.ecrsweep.registry.inuse.InUseSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<io.github.ecrsweep.registry.inuse.InUseReference> scan() {
                if (failure != null) {
                    throw failure;
                }
                return java.util.Arrays.stream(references)
                        .map(r -> new io.github.ecrsweep.registry.inuse.InUseReference(
                                io.github.ecrsweep.registry.inuse.ImageReference.parse(r)
                                        .orElseThrow(),
                                name + ":test"))
                        .toList();
            }
        };
    }

    private static final io.github.ecrsweep.registry.RegistryException DENIED =
            new io.github.ecrsweep.registry.RegistryException(
                    io.github.ecrsweep.registry.RegistryException.Kind.ACCESS_DENIED,
                    null,
                    "ListClusters",
                    "AccessDeniedException",
                    "access denied: the credentials may not call ecs:ListClusters in region eu-west-1"
                            + " (AccessDeniedException)",
                    null);

    private static Change deleteAll(InUseRequest inUse) {
        return DeleteUntaggedChange.of(
                new Selection(List.of(), true, List.of(), List.of(), false),
                UntaggedSelection.all(),
                new Guards(false, true, null),
                false,
                inUse);
    }

    /** Sources by their kind: lambda answers with these references, ecs fails as {@code ecsFailure} says. */
    private static InUseSources sources(
            io.github.ecrsweep.registry.RegistryException ecsFailure, String... lambdaReferences) {
        return (spec, target, now) -> spec.kind() == InUseSpec.Kind.ECS
                ? source("ecs", ecsFailure)
                : source(spec.name(), null, lambdaReferences);
    }

    private static InUseRequest lambdaAndEcs(java.util.Set<String> optional) {
        return new InUseRequest(
                List.of(InUseSpec.service(InUseSpec.Kind.LAMBDA, null), InUseSpec.service(InUseSpec.Kind.ECS, null)),
                optional,
                null);
    }

    @Test
    void aSourceThatCannotBeReadStopsTheRunBeforeTheRegistryIsRead() {
        MemoryRegistry registry = spy(MemoryRegistry.of(REGISTRY));
        InUseRequest request = lambdaAndEcs(java.util.Set.of());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runs.run(
                        deleteAll(request),
                        registry,
                        Confirmation.NOBODY,
                        diagnostics,
                        sources(DENIED),
                        Cancellation.NEVER))
                .isInstanceOfSatisfying(UserError.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
                    assertThat(e.getMessage())
                            .isEqualTo("in-use source 'ecs' cannot be read, so nothing was planned or changed:"
                                    + " access denied: the credentials may not call ecs:ListClusters in region"
                                    + " eu-west-1 (AccessDeniedException) (--in-use-optional ecs goes on without it)");
                });
        verify(registry, never()).listRepositories();
        verify(registry, never()).deleteImages(anyString(), anyList());
    }

    @Test
    void anOptionalSourceThatFailsWarnsAndTheOthersStillProtect() {
        MemoryRegistry registry = MemoryRegistry.of(REGISTRY);
        String runnerImage = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tools/ci-runner@sha256:"
                + io.github.ecrsweep.rules.TestImages.digestOf("ecrsweep-example/runner-untagged")
                        .hex();
        InUseRequest request = lambdaAndEcs(java.util.Set.of("ecs"));

        Outcome outcome = Runs.run(
                deleteAll(request),
                registry,
                Confirmation.NOBODY,
                diagnostics,
                sources(DENIED, runnerImage),
                Cancellation.NEVER);

        assertThat(warnings).anyMatch(w -> w.startsWith("in-use source 'ecs' was not read (access denied"));
        assertThat(registry.deletions)
                .as("everything planned went, but the image lambda runs")
                .isNotEmpty()
                .noneMatch(d -> d.toString()
                        .contains(io.github.ecrsweep.rules.TestImages.digestOf("ecrsweep-example/runner-untagged")
                                .hex()));
        assertThat(outcome.run().inUse().scans())
                .extracting(InUse.Scan::source, InUse.Scan::references)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lambda", 1),
                        org.assertj.core.groups.Tuple.tuple("ecs", 0));
        assertThat(ExitStatus.of(outcome)).isEqualTo(ExitCode.OK);
    }

    /** A signal that comes once {@code calls} deletion calls were made. */
    private static Cancellation afterDeletions(MemoryRegistry registry, int calls) {
        return new Cancellation() {
            @Override
            public boolean requested() {
                return registry.deletions.size() >= calls;
            }

            @Override
            public String cause() {
                return "SIGTERM";
            }

            @Override
            public ExitCode exitCode() {
                return ExitCode.TERMINATED;
            }
        };
    }

    private static MemoryRegistry manyUntagged() {
        List<io.github.ecrsweep.rules.Image> images = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            images.add(io.github.ecrsweep.rules.TestImages.image("u-" + i, NOW.minusSeconds(86_400L * 30 + i))
                    .build());
        }
        return MemoryRegistry.with("web", images);
    }

    @Test
    void anInterruptedExpireSaysHowManyOfThePlannedImagesItDeletedAndExits143() throws Exception {
        MemoryRegistry registry = manyUntagged();
        String text = Files.readString(Path.of(POLICY));
        Change expire = io.github.ecrsweep.app.change.ExpireChange.of(
                new Selection(List.of(), true, List.of(), List.of(), false),
                text,
                PolicyJson.check(text).policy().orElseThrow(),
                true,
                new Guards(false, true, null),
                false,
                InUseRequest.none());

        Outcome outcome = Runs.run(
                expire, registry, Confirmation.NOBODY, diagnostics, InUseSources.NONE, afterDeletions(registry, 1));

        assertThat(outcome.ending()).isEqualTo(Outcome.Ending.INTERRUPTED);
        assertThat(ExitStatus.of(outcome)).isEqualTo(ExitCode.TERMINATED);
        assertThat(ExitStatus.progress(outcome)).isEqualTo("deleted 100 of 150 planned images, 50 not attempted");
    }

    @Test
    void aSignalAfterTheLastCallStopsNothingAndTheRunIsDone() {
        MemoryRegistry registry = manyUntagged();

        Outcome outcome = Runs.run(
                deleteAll(new Guards(false, true, null)),
                registry,
                Confirmation.NOBODY,
                diagnostics,
                InUseSources.NONE,
                afterDeletions(registry, 2));

        assertThat(outcome.ending()).isEqualTo(Outcome.Ending.DONE);
        assertThat(ExitStatus.of(outcome)).isEqualTo(ExitCode.OK);
        assertThat(registry.images.get("web")).isEmpty();
    }
}
