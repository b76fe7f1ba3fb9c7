package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.registry.RegistryException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.model.JobDefinition;

/** What a universal RunTask schedule and a Batch job definition name, in each of their forms. */
class ScheduledAndBatchTest {

    @Test
    void aUniversalRunTaskTargetNamesItsTaskDefinitionInItsInputOrFailsTheSource() {
        assertThat(EcsInUse.runTaskDefinition(
                        "ecs:schedule/default/n", "{\"Cluster\":\"prod\",\"TaskDefinition\":\"nightly:4\"}"))
                .isEqualTo("nightly:4");
        for (String input : new String[] {null, "{}", "{\"TaskDefinition\":7}", "not json"}) {
            assertThatThrownBy(() -> EcsInUse.runTaskDefinition("ecs:schedule/default/n", input))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("ecs:schedule/default/n runs ECS RunTask with an input that names no");
        }
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK builders' varargs of consumers
    void everyFormOfAJobDefinitionGivesItsImages() {
        JobDefinition d = JobDefinition.builder()
                .jobDefinitionName("etl")
                .revision(3)
                .containerProperties(c -> c.image("a"))
                .ecsProperties(e -> e.taskProperties(t -> t.containers(c -> c.image("b"))))
                .eksProperties(e ->
                        e.podProperties(p -> p.containers(c -> c.image("c")).initContainers(c -> c.image("d"))))
                .nodeProperties(n -> n.nodeRangeProperties(r -> r.container(c -> c.image("e"))))
                .build();

        assertThat(BatchInUse.images(d)).containsExactly("a", "b", "c", "d", "e");
    }
}
