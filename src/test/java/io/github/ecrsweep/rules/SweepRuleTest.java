package io.github.ecrsweep.rules;

import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One rule's matching, on its own. */
class SweepRuleTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private static SweepRule rule(String regex, String exclude, List<String> excludeTags) {
        return new SweepRule(
                1,
                null,
                TagStatus.ANY,
                regex == null ? null : Pattern.compile(regex),
                exclude == null ? null : Pattern.compile(exclude),
                excludeTags,
                null,
                null,
                java.time.Duration.ZERO,
                null,
                SweepRule.Action.DELETE);
    }

    @Test
    void anExpressionThatBacktracksWithoutEndIsStoppedWithTheTagNamed() {
        SweepRule slow = rule("(.*a){20}", null, List.of());
        Image image = image("x", NOW, "a".repeat(60) + "!").build();

        assertThatThrownBy(() -> slow.matches(image))
                .isInstanceOf(SweepRule.TooSlow.class)
                .hasMessageContaining("'(.*a){20}' takes too long on tag 'aaaa");
        assertThatThrownBy(
                        () -> SweepEvaluator.plan(List.of(slow), RuleSet.Never.NONE, List.of(image), NOW, Pins.none()))
                .isInstanceOf(SweepRule.TooSlow.class);
    }

    @Test
    void aTagOfTheMaximumLengthIsMatchedByOrdinaryExpressions() {
        String tag = "v1.2.3-" + "b".repeat(121);
        SweepRule ordinary = rule("^v(\\d+)\\.(\\d+)\\.\\d+(-[a-z0-9.]+)*$", "-rc\\d*$", List.of("nightly-*"));

        assertThat(ordinary.matches(image("x", NOW, tag).build())).isTrue();
        assertThat(ordinary.matches(image("y", NOW, tag, "nightly-3").build())).isFalse();
        assertThat(ordinary.matches(image("z", NOW, "v1.2.3-rc1").build())).isFalse();
        assertThat(ordinary.matches(image("u", NOW).build())).isFalse();
    }
}
