package io.github.ecrsweep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.app.change.DeleteUntaggedChange;
import io.github.ecrsweep.app.change.PutPolicyChange;
import io.github.ecrsweep.cli.MemoryRegistry;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.UntaggedSelection;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A run over several targets in the application layer, on in-memory registries: each target planned and done
 * on its own, one question for all of them, a target that cannot be reached failing alone, and drift told from
 * the typed outcomes.
 */
class ChangeRunnerTargetsTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");
    private static final List<Target> TARGETS =
            List.of(Runs.target("eu-west-1"), Runs.target("us-east-1"), Runs.target("ap-south-1"));

    private final Map<String, MemoryRegistry> registries = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final Diagnostics diagnostics = new Diagnostics() {
        @Override
        public void warn(String message) {}

        @Override
        public synchronized void error(String message) {
            errors.add(message);
        }
    };

    /** The bundled registry in each region; {@code unreachable} cannot be opened. */
    private Registries fleet(String unreachable) {
        return target -> {
            if (target.region().equals(unreachable)) {
                throw new RegistryException(
                        RegistryException.Kind.NO_CREDENTIALS, "no credentials for " + target.region());
            }
            return registries.computeIfAbsent(target.region(), region -> {
                MemoryRegistry r = MemoryRegistry.of(REGISTRY);
                r.location = new Location("123456789012", region);
                return r;
            });
        };
    }

    private ChangeRunner runner(String unreachable, Confirmation confirmation) {
        return new ChangeRunner(
                fleet(unreachable), InUseSources.NONE, confirmation, diagnostics, Runs.STILL, ChangeRunner.Calls.NONE);
    }

    private static Change deleteAll(Guards guards) {
        return DeleteUntaggedChange.of(
                new Selection(List.of(), true, List.of(), List.of(), false),
                UntaggedSelection.all(),
                guards,
                false,
                InUseRequest.none());
    }

    /** A person who answers {@code yes} and records the questions of each call. */
    private static final class Person implements Confirmation {
        final List<List<Question>> asked = new ArrayList<>();
        final boolean yes;

        Person(boolean yes) {
            this.yes = yes;
        }

        @Override
        public boolean personPresent() {
            return true;
        }

        @Override
        public synchronized boolean confirm(List<Question> questions) {
            asked.add(questions);
            return yes;
        }
    }

    @Test
    void everyTargetIsPlannedFirstAndOneQuestionCoversThemAll() {
        Person person = new Person(true);

        ChangeRunner.Result result = runner("none", person)
                .run(
                        deleteAll(new Guards(false, false, null)),
                        TARGETS,
                        Fleet.sequential(),
                        null,
                        false,
                        Cancellation.NEVER);

        assertThat(person.asked).hasSize(1);
        assertThat(person.asked.get(0))
                .extracting(Confirmation.Question::target)
                .containsExactly(
                        "the caller's account (eu-west-1)",
                        "the caller's account (us-east-1)",
                        "the caller's account (ap-south-1)");
        assertThat(person.asked.get(0))
                .allSatisfy(q -> assertThat(q.plan().ending()).isEqualTo(Outcome.Ending.PENDING));
        assertThat(result.several()).isTrue();
        assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(registries.values()).allSatisfy(r -> assertThat(r.deletions).isNotEmpty());
    }

    @Test
    void aPersonWhoDeclinesChangesNothingAnywhere() {
        ChangeRunner.Result result = runner("none", new Person(false))
                .run(
                        deleteAll(new Guards(false, false, null)),
                        TARGETS,
                        Fleet.sequential(),
                        null,
                        false,
                        Cancellation.NEVER);

        assertThat(result.targets())
                .allSatisfy(t -> assertThat(t.outcome().ending()).isEqualTo(Outcome.Ending.DECLINED));
        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(registries.values()).allSatisfy(r -> assertThat(r.deletions).isEmpty());
        assertThat(errors).contains("the caller's account (us-east-1): declined: nothing was changed");
    }

    @Test
    void aTargetThatCannotBeReachedFailsAloneAndTheRunIsPartial() {
        ChangeRunner.Result result = runner("us-east-1", Confirmation.NOBODY)
                .run(
                        deleteAll(new Guards(false, true, null)),
                        TARGETS,
                        Fleet.sequential(),
                        null,
                        false,
                        Cancellation.NEVER);

        assertThat(result.targets())
                .extracting(ChangeRunner.TargetRun::error)
                .containsExactly(null, "no credentials for us-east-1", null);
        assertThat(result.targets().get(1).exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(result.exitCode()).isEqualTo(ExitCode.PARTIAL);
        assertThat(registries.get("eu-west-1").deletions).isNotEmpty();
        assertThat(registries.get("ap-south-1").deletions).isNotEmpty();
        assertThat(errors).contains("the caller's account (us-east-1): no credentials for us-east-1");
    }

    @Test
    void servicesAreReadInEveryTargetOnceAndOneThatCannotBeReadStopsTheWholeRunBeforeAnyTargetOpens() {
        InUseRequest ecs =
                new InUseRequest(List.of(InUseSpec.service(InUseSpec.Kind.ECS, null)), java.util.Set.of(), null);
        List<String> read = java.util.Collections.synchronizedList(new ArrayList<>());
        InUseSources sources = (spec, target, now) -> new io.github.ecrsweep.registry.inuse.InUseSource() {
            @Override
            public String name() {
                return spec.name();
            }

            @Override
            public List<io.github.ecrsweep.registry.inuse.InUseReference> scan() {
                read.add(target.region());
                if (target.region().equals("us-east-1")) {
                    throw new io.github.ecrsweep.registry.RegistryException(
                            io.github.ecrsweep.registry.RegistryException.Kind.ACCESS_DENIED,
                            "not authorized to perform ecs:ListClusters");
                }
                return List.of();
            }
        };
        ChangeRunner runner = new ChangeRunner(
                fleet("none"), sources, Confirmation.NOBODY, diagnostics, Runs.STILL, ChangeRunner.Calls.NONE);

        assertThatThrownBy(() -> runner.run(
                        DeleteUntaggedChange.of(
                                new Selection(List.of(), true, List.of(), List.of(), false),
                                UntaggedSelection.all(),
                                new Guards(false, true, null),
                                false,
                                ecs),
                        TARGETS,
                        Fleet.sequential(),
                        null,
                        false,
                        Cancellation.NEVER))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("in-use source 'ecs' cannot be read, so nothing was planned or changed")
                .hasMessageContaining("not authorized to perform ecs:ListClusters");
        // Targets are read in parallel and a failure stops the reads not begun yet: each target read at most once,
        // and the failing one among them (InUseIT reads every target's services in a run that succeeds).
        assertThat(read)
                .contains("us-east-1")
                .doesNotHaveDuplicates()
                .isSubsetOf("eu-west-1", "us-east-1", "ap-south-1");
        assertThat(registries).as("no target was opened").isEmpty();
    }

    @Test
    void driftIsToldFromTheTypedOutcomesOfEachTarget() throws Exception {
        String text = Files.readString(Path.of("examples/policies/expire-untagged-after-14-days.json"));
        Change check = PutPolicyChange.of(
                CommandName.APPLY_ALL,
                new Selection(List.of(), false, List.of(), List.of(), true),
                new PutPolicyChange.Desired(
                        text, PolicyJson.check(text).policy().orElseThrow()),
                Map.of(),
                new Guards(true, false, null, false, true),
                false,
                InUseRequest.none());

        ChangeRunner.Result result = runner("none", Confirmation.NOBODY)
                .run(check, TARGETS, Fleet.sequential(), null, false, Cancellation.NEVER);

        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(errors)
                .contains("the caller's account (eu-west-1): drift: 4 of 4 repositories differ from the policy"
                        + " (3 without a policy, 1 with another one); nothing was changed");
        assertThat(registries.values()).allSatisfy(r -> assertThat(r.puts).isEmpty());
    }
}
