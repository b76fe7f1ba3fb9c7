package io.github.ecrsweep.registry.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.DecisionAction;
import org.junit.jupiter.api.Test;

/** What {@code apply} accepts as a plan, and what it refuses before any call. */
class PlanFileTest {

    private static String plan(String command, String stage) {
        return "{\"schemaVersion\":1,\"command\":\"" + command + "\",\"stage\":\"" + stage + "\",\"dryRun\":true,"
                + "\"account\":\"123456789012\",\"region\":\"eu-west-1\",\"evaluatedAt\":\"2026-11-28T12:00:00Z\","
                + "\"source\":\"account 123456789012 (eu-west-1)\",\"repositories\":[{\"repositoryName\":\"web\","
                + "\"status\":\"would-delete\",\"images\":[{\"imageDigest\":\"sha256:" + "a".repeat(64) + "\","
                + "\"imageTags\":[],\"imagePushedAt\":\"2026-10-01T00:00:00Z\",\"imageSizeInBytes\":10,"
                + "\"kind\":\"image\",\"action\":\"delete\",\"reason\":\"untagged\",\"rulePriority\":null,"
                + "\"wave\":0,\"bytes\":10}]}],\"summary\":{}}";
    }

    @Test
    void aPlanOfDeleteUntaggedIsReadWithItsImagesAndTags() {
        PlanFile p = PlanFile.parse("plan.json", plan("delete-untagged", "plan"));

        assertThat(p.account()).isEqualTo("123456789012");
        assertThat(p.region()).isEqualTo("eu-west-1");
        assertThat(p.repositories().get(0).images()).hasSize(1);
        assertThat(p.repositories().get(0).images().get(0).action()).isEqualTo(DecisionAction.DELETE);
    }

    @Test
    void resultsOtherCommandsAndOtherDocumentsAreRefused() {
        assertThatThrownBy(() -> PlanFile.parse("r.json", plan("delete-untagged", "result")))
                .isInstanceOf(RegistryException.class)
                .hasMessage("plan 'r.json' is the result of a run, not a plan");
        assertThatThrownBy(() -> PlanFile.parse("p.json", plan("apply", "plan")))
                .hasMessage("plan 'p.json' is a plan of 'apply'; apply executes plans of apply-all, delete-policy,"
                        + " delete-untagged, expire, put-policy, sweep");
        assertThatThrownBy(() -> PlanFile.parse("x.json", "{\"kind\":\"ecrsweep-in-use\"}"))
                .hasMessageContaining("is not a plan of ecrsweep");
        assertThatThrownBy(() -> PlanFile.parse("x.json", "{")).hasMessageContaining("is not JSON");
    }
}
