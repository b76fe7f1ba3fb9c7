package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every documented constraint, each violated alone, reported at its JSON location. */
class PolicyValidatorTest {

    private static final String PAD =
            "\"description\":\"padding so that the policy text passes the 100-character minimum\",";

    /** One rule from its selection and action JSON. */
    private static String rule(int priority, String selection, String action) {
        return "{\"rulePriority\":" + priority + "," + PAD + "\"selection\":{" + selection + "},\"action\":{" + action
                + "}}";
    }

    private static String policy(String... rules) {
        return "{\"rules\":[" + String.join(",", rules) + "]}";
    }

    private static final String EXPIRE = "\"type\":\"expire\"";
    private static final String ARCHIVE = "\"type\":\"transition\",\"targetStorageClass\":\"archive\"";
    private static final String UNTAGGED_14D =
            "\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14";
    private static final String ANY_COUNT_5 =
            "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":5";
    private static final String PROD_COUNT_3 =
            "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"prod*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3";

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(
                        "sinceImageTransitioned under the archive's 90-day minimum",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"storageClass\":\"archive\",\"countType\":\"sinceImageTransitioned\","
                                        + "\"countUnit\":\"days\",\"countNumber\":89",
                                EXPIRE)),
                        "rules[0].selection.countNumber",
                        "must be at least 90 with countType sinceImageTransitioned, found 89"),
                Arguments.of(
                        "duplicate rulePriority",
                        policy(rule(1, UNTAGGED_14D, EXPIRE), rule(1, PROD_COUNT_3, EXPIRE)),
                        "rules[1].rulePriority",
                        "1 is also used by rules[0]"),
                Arguments.of(
                        "any not last in its storage class",
                        policy(rule(1, ANY_COUNT_5, EXPIRE), rule(2, PROD_COUNT_3, EXPIRE)),
                        "rules[0].rulePriority",
                        "tagStatus any must have the highest rulePriority"),
                Arguments.of(
                        "two untagged rules in one storage class",
                        policy(
                                rule(1, UNTAGGED_14D, EXPIRE),
                                rule(
                                        2,
                                        "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                        EXPIRE)),
                        "rules[1].selection.tagStatus",
                        "only one rule per storage class may select untagged images"),
                Arguments.of(
                        "tagged without a list",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"tagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection",
                        "tagStatus tagged requires tagPatternList or tagPrefixList"),
                Arguments.of(
                        "tagged with both lists",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"a*\"],\"tagPrefixList\":[\"a\"],"
                                        + "\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.tagPrefixList",
                        "not allowed together with tagPatternList"),
                Arguments.of(
                        "untagged with a list",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"untagged\",\"tagPrefixList\":[\"a\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.tagPrefixList",
                        "not allowed with tagStatus untagged"),
                Arguments.of(
                        "any with a list",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"tagPatternList\":[\"a*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.tagPatternList",
                        "not allowed with tagStatus any"),
                Arguments.of(
                        "five wildcards",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"ok*\",\"test*1*2*3*4*5\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.tagPatternList[1]",
                        "has 5 wildcards; at most 4 are allowed"),
                Arguments.of(
                        "empty tag list",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"tagged\",\"tagPatternList\":[],\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.tagPatternList",
                        "must not be empty"),
                Arguments.of(
                        "countUnit with imageCountMoreThan",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countUnit\":\"days\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.countUnit",
                        "not allowed with countType imageCountMoreThan"),
                Arguments.of(
                        "countUnit missing with sinceImagePushed",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.countUnit",
                        "required with countType sinceImagePushed"),
                Arguments.of(
                        "countUnit other than days",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"hours\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.countUnit",
                        "must be \"days\", found \"hours\""),
                Arguments.of(
                        "countNumber zero",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":0",
                                EXPIRE)),
                        "rules[0].selection.countNumber",
                        "must be at least 1, found 0"),
                Arguments.of(
                        "countNumber not an integer",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1.5",
                                EXPIRE)),
                        "rules[0].selection.countNumber",
                        "must be an integer, found the number 1.5"),
                Arguments.of(
                        "sinceImagePulled with expire",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"sinceImagePulled\",\"countUnit\":\"days\",\"countNumber\":90",
                                EXPIRE)),
                        "rules[0].action.type",
                        "expire is not allowed with countType sinceImagePulled"),
                Arguments.of(
                        "sinceImageTransitioned with transition",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"storageClass\":\"archive\",\"countType\":\"sinceImageTransitioned\",\"countUnit\":\"days\",\"countNumber\":365",
                                ARCHIVE)),
                        "rules[0].action.type",
                        "transition is not allowed with countType sinceImageTransitioned"),
                Arguments.of(
                        "sinceImageTransitioned without storageClass",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"sinceImageTransitioned\",\"countUnit\":\"days\",\"countNumber\":365",
                                EXPIRE)),
                        "rules[0].selection.storageClass",
                        "required with countType sinceImageTransitioned"),
                Arguments.of(
                        "sinceImageTransitioned on standard",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"storageClass\":\"standard\",\"countType\":\"sinceImageTransitioned\",\"countUnit\":\"days\",\"countNumber\":365",
                                EXPIRE)),
                        "rules[0].selection.storageClass",
                        "must be archive with countType sinceImageTransitioned"),
                Arguments.of(
                        "archive storage class with sinceImagePushed",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"storageClass\":\"archive\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.storageClass",
                        "archive is only allowed with countType sinceImageTransitioned"),
                Arguments.of(
                        "archive storage class with imageCountMoreThan",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"storageClass\":\"archive\",\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.storageClass",
                        "archive is only allowed with countType sinceImageTransitioned"),
                Arguments.of(
                        "transition without targetStorageClass",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"sinceImagePulled\",\"countUnit\":\"days\",\"countNumber\":90",
                                "\"type\":\"transition\"")),
                        "rules[0].action.targetStorageClass",
                        "required with action type transition"),
                Arguments.of(
                        "targetStorageClass with expire",
                        policy(rule(1, ANY_COUNT_5, "\"type\":\"expire\",\"targetStorageClass\":\"archive\"")),
                        "rules[0].action.targetStorageClass",
                        "not allowed with action type expire"),
                Arguments.of(
                        "targetStorageClass null with expire",
                        policy(rule(1, ANY_COUNT_5, "\"type\":\"expire\",\"targetStorageClass\":null")),
                        "rules[0].action.targetStorageClass",
                        "must be a string, found null"),
                Arguments.of(
                        "targetStorageClass other than archive",
                        policy(rule(1, ANY_COUNT_5, "\"type\":\"transition\",\"targetStorageClass\":\"standard\"")),
                        "rules[0].action.targetStorageClass",
                        "must be archive"),
                Arguments.of(
                        "unknown action type",
                        policy(rule(1, ANY_COUNT_5, "\"type\":\"delete\"")),
                        "rules[0].action.type",
                        "must be one of expire, transition; found \"delete\""),
                Arguments.of(
                        "unknown tagStatus",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"TAGGED\",\"tagPatternList\":[\"a*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.tagStatus",
                        "must be one of tagged, untagged, any; found \"TAGGED\""),
                Arguments.of(
                        "unknown countType",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"countType\":\"imageCountLessThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.countType",
                        "must be one of imageCountMoreThan"),
                Arguments.of(
                        "unknown storageClass",
                        policy(rule(
                                1,
                                "\"tagStatus\":\"any\",\"storageClass\":\"glacier\",\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)),
                        "rules[0].selection.storageClass",
                        "must be one of standard, archive; found \"glacier\""),
                Arguments.of(
                        "missing countNumber",
                        policy(rule(1, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\"", EXPIRE)),
                        "rules[0].selection.countNumber",
                        "missing required key"),
                Arguments.of(
                        "missing tagStatus",
                        policy(rule(1, "\"countType\":\"imageCountMoreThan\",\"countNumber\":3", EXPIRE)),
                        "rules[0].selection.tagStatus",
                        "missing required key"),
                Arguments.of(
                        "rulePriority zero",
                        policy(rule(0, ANY_COUNT_5, EXPIRE)),
                        "rules[0].rulePriority",
                        "must be at least 1, found 0"),
                Arguments.of(
                        "rulePriority as a string",
                        "{\"rules\":[{\"rulePriority\":\"1\"," + PAD + "\"selection\":{" + ANY_COUNT_5
                                + "},\"action\":{" + EXPIRE + "}}]}",
                        "rules[0].rulePriority",
                        "must be an integer, found the string \"1\""),
                Arguments.of(
                        "missing action",
                        "{\"rules\":[{\"rulePriority\":1," + PAD + "\"selection\":{" + ANY_COUNT_5 + "}}]}",
                        "rules[0].action",
                        "missing required key"),
                Arguments.of(
                        "unknown key",
                        "{\"rules\":[{\"rulePriority\":1," + PAD + "\"selection\":{" + ANY_COUNT_5
                                + ",\"tagPrefix\":\"x\"},\"action\":{" + EXPIRE + "}}]}",
                        "rules[0].selection.tagPrefix",
                        "unknown key"),
                Arguments.of(
                        "duplicate key",
                        "{\"rules\":[{\"rulePriority\":1,\"rulePriority\":2," + PAD + "\"selection\":{" + ANY_COUNT_5
                                + "},\"action\":{" + EXPIRE + "}}]}",
                        "rules[0].rulePriority",
                        "duplicate key"),
                Arguments.of(
                        "missing rules",
                        "{\"description-that-is-not-allowed-here\":\"padding padding padding padding padding padding padding padding padding\"}",
                        "rules",
                        "missing required key"),
                Arguments.of(
                        "rules not an array",
                        "{\"rules\":{\"rulePriority\":1},\"x\":\"padding padding padding padding padding padding padding padding padding padding\"}",
                        "rules",
                        "must be a JSON array, found an object"),
                Arguments.of(
                        "text shorter than 100 characters",
                        "{\"rules\":[]}",
                        "policy",
                        "is 12 characters long; ECR accepts 100 to 30720"),
                Arguments.of("no rules", "{\"rules\":[]}", "rules", "must contain at least one rule"),
                Arguments.of(
                        "same tag list twice in one storage class",
                        policy(rule(1, PROD_COUNT_3, EXPIRE), rule(2, PROD_COUNT_3.replace("3", "9"), EXPIRE)),
                        "rules[1].selection.tagPatternList",
                        "the same tag list as rules[0]"),
                Arguments.of("not JSON", "rules: - rulePriority: 1", "policy", "not valid JSON"),
                Arguments.of(
                        "trailing content",
                        policy(rule(1, ANY_COUNT_5, EXPIRE)) + " {}",
                        "policy",
                        "unexpected content after the JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void reportsTheViolationAtItsLocation(String name, String text, String path, String message) {
        Validation v = PolicyJson.check(text);

        assertThat(v.isValid()).isFalse();
        assertThat(v.policy()).isEmpty();
        assertThat(v.problems()).as("problems of: " + text).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
            assertThat(p.line()).isPositive();
            assertThat(p.column()).isPositive();
        });
    }

    @Test
    void moreThanFiftyRulesIsRejected() {
        StringBuilder rules = new StringBuilder();
        for (int i = 1; i <= 51; i++) {
            rules.append(i > 1 ? "," : "")
                    .append(rule(
                            i,
                            "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"t" + i
                                    + "*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                            EXPIRE));
        }
        Validation v = PolicyJson.check("{\"rules\":[" + rules + "]}");

        assertThat(v.problems()).extracting(Problem::toString).contains("rules: has 51 rules; at most 50 are allowed");
    }

    @Test
    void textLongerThanTheQuotaIsRejected() {
        String longDescription = "x".repeat(PolicyValidator.MAX_TEXT_LENGTH);
        String text = "{\"rules\":[{\"rulePriority\":1,\"description\":\"" + longDescription + "\",\"selection\":{"
                + ANY_COUNT_5 + "},\"action\":{" + EXPIRE + "}}]}";

        assertThat(PolicyJson.check(text).problems()).extracting(Problem::path).containsExactly("policy");
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        String text = policy(
                rule(1, UNTAGGED_14D, EXPIRE),
                rule(
                        2,
                        "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countUnit\":\"days\",\"countNumber\":3",
                        EXPIRE),
                rule(
                        3,
                        "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"a*b*c*d*e*f\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                        EXPIRE));

        assertThat(PolicyJson.check(text).problems())
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "rules[1].selection.tagStatus",
                        "rules[1].selection.countUnit",
                        "rules[2].selection.tagPatternList[0]");
    }

    @Test
    void aValueOfTheWrongTypeIsNotAlsoReportedAsMissing() {
        String text = policy(rule(1, "\"tagStatus\":7,\"countType\":\"imageCountMoreThan\",\"countNumber\":3", EXPIRE));

        assertThat(PolicyJson.check(text).problems())
                .extracting(Problem::toString)
                .containsExactly("rules[0].selection.tagStatus: must be a string, found the number 7");
    }

    @Test
    void twoAnyRulesInDifferentStorageClassesAreValid() {
        String text = policy(
                rule(
                        1,
                        "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30",
                        ARCHIVE),
                rule(
                        2,
                        "\"tagStatus\":\"any\",\"storageClass\":\"archive\",\"countType\":\"sinceImageTransitioned\",\"countUnit\":\"days\",\"countNumber\":365",
                        EXPIRE));

        Validation v = PolicyJson.check(text);

        assertThat(v.problems()).isEmpty();
        List<Rule> rules = v.policy().orElseThrow().rules();
        assertThat(rules)
                .extracting(r -> r.selection().storageClass())
                .containsExactly(StorageClass.STANDARD, StorageClass.ARCHIVE);
        assertThat(rules.get(0).action()).isEqualTo(new Action.Transition(StorageClass.ARCHIVE));
    }

    @Test
    void fourWildcardsAreAllowed() {
        String text = policy(rule(
                1,
                "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"*test*1*2*3\",\"test*1*2*3*\"],"
                        + "\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                EXPIRE));

        assertThat(PolicyJson.check(text).problems()).isEmpty();
    }

    @Test
    void prioritiesNeedNotBeSequentialAndRulesAreOrderedByPriority() {
        String text = policy(rule(20, ANY_COUNT_5, EXPIRE), rule(3, PROD_COUNT_3, EXPIRE));

        Validation v = PolicyJson.check(text);

        assertThat(v.problems()).isEmpty();
        assertThat(v.policy().orElseThrow().rules())
                .extracting(Rule::rulePriority)
                .containsExactly(3, 20);
    }

    @Test
    void problemsCarryTheLineAndColumnOfTheOffendingKey() {
        String text = "{\n  \"rules\": [\n    {\n      \"rulePriority\": 1,\n      \"description\": \"" + "d".repeat(60)
                + "\",\n"
                + "      \"selection\": {\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countUnit\": \"days\", \"countNumber\": 2},\n"
                + "      \"action\": {\"type\": \"expire\"}\n    }\n  ]\n}\n";

        Problem p = PolicyJson.check(text).problems().get(0);

        assertThat(p.path()).isEqualTo("rules[0].selection.countUnit");
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.column()).isEqualTo(text.lines().toList().get(5).indexOf("\"countUnit\"") + 1);
    }
}
