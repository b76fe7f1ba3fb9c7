package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A failing property case comes back as the smallest case that still fails, ready to become a golden case. */
class MinimizerTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    @Test
    void aWrongPropertyIsReportedWithItsSmallestFailingCaseInTheGoldenFormat() throws Exception {
        PlanPropertiesTest.Case found = null;
        for (long s = 0; found == null && s < 500; s++) {
            PlanPropertiesTest.Case c = PlanPropertiesTest.Case.of(s);
            if (c.images().size() > 5
                    && !LifecycleEvaluator.evaluate(c.policy(), c.images(), NOW)
                            .actions()
                            .isEmpty()) {
                found = c;
            }
        }
        assertThat(found).as("a generated case that acts on some image").isNotNull();
        PlanPropertiesTest.Case c = found;

        // A deliberately wrong property: "a policy never acts on any image".
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> Minimizer.check(
                -7,
                c.policy(),
                c.images(),
                NOW,
                (policy, images) -> assertThat(
                                LifecycleEvaluator.evaluate(policy, images, NOW).actions())
                        .isEmpty()));

        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("seed -7 fails");
        String message = failure.getMessage();
        JsonNode golden = new ObjectMapper().readTree(message.substring(message.indexOf("{")));
        assertThat(golden.get("images").size())
                .as("shrunk from " + c.images().size())
                .isLessThan(c.images().size())
                .isLessThanOrEqualTo(3);
        assertThat(golden.get("policy").get("rules").size()).isEqualTo(1);
        assertThat(PolicyJson.check(new ObjectMapper().writeValueAsString(golden.get("policy")))
                        .problems())
                .as("the written policy is one ECR accepts")
                .isEmpty();
        assertThat(golden.get("now").asText()).isEqualTo(NOW.toString());
    }
}
