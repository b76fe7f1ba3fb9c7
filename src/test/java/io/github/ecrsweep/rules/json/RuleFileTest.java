package io.github.ecrsweep.rules.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.RuleSet;
import io.github.ecrsweep.rules.SweepRule;
import io.github.ecrsweep.rules.TagStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule files: what a valid one means, and where each problem of an invalid one is. */
class RuleFileTest {

    private static final String HEADER = "kind: ecrsweep-rules\nversion: 1\n";

    private static String problems(String text) {
        RuleFile.Check check = RuleFile.check(text);
        assertThat(check.file()).as("no file when invalid").isEmpty();
        return String.join(
                "\n",
                check.problems().stream()
                        .map(p -> p.line() + ":" + p.column() + " " + p)
                        .toList());
    }

    private static RuleFile valid(String text) {
        RuleFile.Check check = RuleFile.check(text);
        assertThat(check.problems()).isEmpty();
        return check.file().orElseThrow();
    }

    @Test
    void aYamlFileReadsIntoBlocksRulesNeverListsAndInUseSources() {
        RuleFile file = valid(HEADER + """
                never:
                  tags: [latest]
                inUse:
                  services: [ecs, inspector]
                  inspectorWithin: 14d
                  k8s: [pods.json]
                  keepPulledWithin: 30d
                  optional: [k8s]
                repositories:
                  - match: "team-a/*"
                    exclude: [team-a/legacy]
                    never: {digests: ["sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]}
                    rules:
                      - description: minor lines
                        tagRegex: '^v(\\d+\\.\\d+)\\.\\d+$'
                        groupBy: 1
                        keep: 3
                        pulledBefore: 90d
                      - tagStatus: untagged
                        olderThan: 0
                        action: delete
                      - tagRegex: ^prod
                        action: keep
                """);
        RuleSet rules = file.rules();
        assertThat(rules.never().tags()).containsExactly("latest");
        RuleSet.Block block = rules.blockFor("team-a/web").orElseThrow();
        assertThat(rules.blockFor("team-a/legacy")).isEmpty();
        assertThat(rules.blockFor("team-b/web")).isEmpty();
        assertThat(rules.neverIn(block).digests()).hasSize(1);
        SweepRule first = block.rules().get(0);
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.groupBy()).isEqualTo("1");
        assertThat(first.keep()).isEqualTo(3);
        assertThat(first.pulledBefore()).isEqualTo(Duration.ofDays(90));
        assertThat(first.action()).isEqualTo(SweepRule.Action.DELETE);
        assertThat(block.rules().get(1).tagStatus()).isEqualTo(TagStatus.UNTAGGED);
        assertThat(block.rules().get(1).olderThan()).isEqualTo(Duration.ZERO);
        assertThat(block.rules().get(2).action()).isEqualTo(SweepRule.Action.KEEP);
        assertThat(file.inUse().services()).containsExactly("ecs", "inspector");
        assertThat(file.inUse().inspectorWithin()).isEqualTo(Duration.ofDays(14));
        assertThat(file.inUse().kubernetes()).containsExactly("pods.json");
        assertThat(file.inUse().keepPulledWithin()).isEqualTo(Duration.ofDays(30));
        assertThat(rules.ruleCount()).isEqualTo(3);
    }

    @Test
    void theSameFileAsJsonMeansTheSame() {
        RuleFile file = valid("""
                {"kind": "ecrsweep-rules", "version": 1,
                 "repositories": [{"match": ["a*", "b*"], "rules": [{"tagRegex": "^pr-", "olderThan": "14d"}]}]}
                """);
        assertThat(file.rules().blockFor("api").orElseThrow().rules().get(0).olderThan())
                .isEqualTo(Duration.ofDays(14));
        assertThat(file.rules().blockFor("batch")).isPresent();
        assertThat(file.rules().blockFor("web")).isEmpty();
    }

    @Test
    void theFirstBlockThatCoversARepositorySweepsIt() {
        RuleFile file = valid(HEADER + """
                repositories:
                  - match: "team-a/*"
                    rules: [{olderThan: 1d}]
                  - match: "*"
                    rules: [{olderThan: 2d}, {olderThan: 3d}]
                """);
        assertThat(file.rules().blockFor("team-a/x").orElseThrow().number()).isEqualTo(1);
        assertThat(file.rules().blockFor("other").orElseThrow().number()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            kind: ecrsweep-rules                          | 1:1 policy: has no version
            kind: other                                   | 1:1 kind: is the string "other"
            version: 2                                    | 1:1 version: is 2; this ecrsweep reads version 1
            """)
    void theHeaderIsChecked(String line, String expected) {
        assertThat(problems(line + "\nrepositories: [{match: '*', rules: [{olderThan: 1d}]}]\n"))
                .contains(expected.substring(4))
                .startsWith(expected.substring(0, 4));
    }

    @Test
    void eachProblemOfARuleIsReportedAtItsLineAndColumn() {
        String text = HEADER + """
                repositories:
                  - match: "*"
                    rules:
                      - tagRegex: '^v(\\d+'
                        olderThan: 14d
                      - tagRegex: '^v(\\d+)$'
                        groupBy: 2
                        keep: 3
                      - olderThan: 14days
                      - tagStatus: untagged
                        tagRegex: x
                        olderThan: 1d
                      - tagRegex: ^pr-
                      - action: keep
                        olderThan: 1d
                      - tagStatus: some
                        colour: blue
                        keep: -1
                      - tagRegex: ^v
                        groupBy: 1
                        olderThan: 1d
                """;
        assertThat(problems(text).lines())
                .containsExactly(
                        "6:9 repositories[0].rules[0].tagRegex: is not a regular expression: Unclosed group near index 6",
                        "9:9 repositories[0].rules[1].groupBy: is group 2, but tagRegex has 1 capture group",
                        "11:9 repositories[0].rules[2].olderThan: must be an age, a number and a unit: 14d, 36h, 90m or 2w"
                                + " (or 0 for none), found the string \"14days\"",
                        "13:9 repositories[0].rules[3].tagRegex: matches tags, so it cannot match untagged images"
                                + " (tagStatus)",
                        "15:9 repositories[0].rules[4]: would delete every image it matches; give keep, olderThan or"
                                + " pulledBefore (olderThan: 0 to mean every matched image)",
                        "17:9 repositories[0].rules[5].olderThan: does not apply: a keep rule keeps every image it"
                                + " matches",
                        "18:9 repositories[0].rules[6].tagStatus: must be tagged, untagged or any",
                        "19:9 repositories[0].rules[6].colour: unknown key; expected one of description, tagStatus,"
                                + " tagRegex, excludeTagRegex, excludeTags, keep, groupBy, olderThan, pulledBefore, action",
                        "20:9 repositories[0].rules[6].keep: must be from 0 to 100000, found -1",
                        "22:9 repositories[0].rules[7].groupBy: groups images for keep; give keep too",
                        "22:9 repositories[0].rules[7].groupBy: is group 1, but tagRegex has 0 capture groups");
    }

    @Test
    void keepTaskDefinitionsIsACountOrAllForEcsOrBatch() {
        String text = HEADER + """
                inUse:
                  services: [lambda]
                  keepTaskDefinitions: 0
                repositories:
                  - match: "*"
                    rules: [{olderThan: 1d}]
                """;
        assertThat(problems(text).lines())
                .containsExactly(
                        "5:3 inUse.keepTaskDefinitions: must be a count of at least 1 or all, found the number 0");
        assertThat(problems(text.replace("keepTaskDefinitions: 0", "keepTaskDefinitions: all"))
                        .lines())
                .containsExactly(
                        "5:3 inUse.keepTaskDefinitions: applies to the ecs and batch services only; add one to services");
        assertThat(RuleFile.check(text.replace("[lambda]", "[ecs]")
                                .replace("keepTaskDefinitions: 0", "keepTaskDefinitions: 3"))
                        .problems())
                .isEmpty();
    }

    @Test
    void blocksNeverListsAndInUseSourcesAreChecked() {
        String text = HEADER + """
                never:
                  digests: [sha256:abc]
                inUse:
                  services: [ecs, kubernetes]
                  inspectorWithin: 7d
                repositories:
                  - exclude: x
                    rules: []
                  - match: "*"
                    match: "a*"
                    rules: [{olderThan: 1d}]
                """;
        assertThat(problems(text).lines())
                .containsExactly(
                        "4:13 never.digests[0]: is not a digest; write sha256:<64 hex digits>",
                        "6:19 inUse.services[1]: is not an in-use service; use ecs, lambda, inspector, cloudformation or"
                                + " batch",
                        "7:3 inUse.inspectorWithin: applies to the inspector service only; add it to services",
                        "9:5 repositories[0]: has no match; name the repositories it covers (globs, e.g. 'team-a/*')",
                        "10:5 repositories[0].rules: is empty; a block needs at least one rule",
                        "12:5 repositories[1].match: duplicate key");
    }

    @Test
    void malformedTextIsLocated() {
        List<Problem> yaml =
                RuleFile.check(HEADER + "repositories:\n  - match: [a\n").problems();
        assertThat(yaml).hasSize(1);
        assertThat(yaml.get(0).message()).startsWith("not valid YAML: ");
        assertThat(yaml.get(0).line()).isGreaterThan(3);
        List<Problem> json = RuleFile.check("{\"kind\": \"ecrsweep-rules\",").problems();
        assertThat(json.get(0).message()).startsWith("not valid JSON: ");
        assertThat(RuleFile.check("").problems().get(0).message()).startsWith("is empty");
        assertThat(problems("- a\n- b\n")).contains("policy: must be a mapping, found an array");
    }

    @Test
    void aLifecyclePolicyGivenAsARuleFileIsNamedForWhatItIs() {
        assertThat(problems("{\"rules\": [{\"rulePriority\": 1}]}").lines())
                .containsExactly(
                        "1:1 policy: is an ECR lifecycle policy, not a rule file: 'ecrsweep expire --policy FILE'"
                                + " applies it now, 'ecrsweep put-policy' hands it to ECR");
    }

    @Test
    void ruleFilesAreToldFromPolicies() {
        assertThat(RuleFile.isRuleFile("rules.yaml", "{}")).isTrue();
        assertThat(RuleFile.isRuleFile("-", HEADER)).isTrue();
        assertThat(RuleFile.isRuleFile("rules.json", "{\"kind\": \"ecrsweep-rules\"}"))
                .isTrue();
        assertThat(RuleFile.isRuleFile("policy.json", "{\"rules\": []}")).isFalse();
        assertThat(RuleFile.isRuleFile("policy.json", "{\"rules\": [")).isFalse();
    }

    @Test
    void everyExampleRuleFileIsValid() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("examples/rules"))) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            assertThat(RuleFile.check(Files.readString(f)).problems())
                    .as(f.toString())
                    .isEmpty();
        }
    }
}
