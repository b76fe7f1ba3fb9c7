package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        // The ECR user guide's own examples.
        "prod*, prod, true",
        "prod*, prod1, true",
        "prod*, production-team1, true",
        "*prod*, repo-production, true",
        "*prod*, prod-team, true",
        "prod*, myprod, false",
        // Whole-string matching.
        "prod, prod, true",
        "prod, prod1, false",
        "prod, aprod, false",
        "*, anything, true",
        "v*-rc, v1.2-rc, true",
        "v*-rc, v1.2-rc1, false",
        "a*a, a, false",
        "a*a, aa, true",
        "a*b*c, abc, true",
        "a*b*c, acb, false",
        "a*b*b*c, abbc, true",
        "a*b*b*c, abc, false",
        "*-*-*, 1-2-3, true",
        "**, '', true",
        "Prod*, prod, false"
    })
    void matchesWholeTagsWithStarAsAnyRun(String pattern, String tag, boolean expected) {
        assertThat(TagPattern.of(pattern).matches(tag)).isEqualTo(expected);
    }
}
