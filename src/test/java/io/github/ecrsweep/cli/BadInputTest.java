package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, catalogued: each case is refused before any registry call with the contract's exit code
 * and one line on stderr that names the problem, no stack trace, and the registry stays as it was.
 * (What needs a process or a network, BadInputIT runs against the packaged jar.)
 */
class BadInputTest {

    @TempDir
    static Path files;

    private static final String ANY5 = "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":5";
    private static final String UNTAGGED14 =
            "\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14";
    private static final String PROD3 =
            "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"prod*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3";
    private static final String EXPIRE = "\"type\":\"expire\"";

    private static String rule(int p, String selection, String action) {
        return "{\"rulePriority\":" + p
                + ",\"description\":\"a description long enough for the 100-character minimum\"," + "\"selection\":{"
                + selection + "},\"action\":{" + action + "}}";
    }

    private static String policy(String... rules) {
        return "{\"rules\":[" + String.join(",", rules) + "]}";
    }

    private static final Map<String, String> POLICIES = new HashMap<>();

    static {
        POLICIES.put("not-json", "rules:\n  - rulePriority: 1\n");
        POLICIES.put("duplicate-priority", policy(rule(1, UNTAGGED14, EXPIRE), rule(1, PROD3, EXPIRE)));
        POLICIES.put("any-not-last", policy(rule(1, ANY5, EXPIRE), rule(2, PROD3, EXPIRE)));
        POLICIES.put(
                "two-untagged",
                policy(
                        rule(1, UNTAGGED14, EXPIRE),
                        rule(
                                2,
                                "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                                EXPIRE)));
        POLICIES.put(
                "tagged-without-list",
                policy(rule(
                        1, "\"tagStatus\":\"tagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":3", EXPIRE)));
        POLICIES.put(
                "both-lists",
                policy(rule(
                        1,
                        "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"a*\"],\"tagPrefixList\":[\"a\"],"
                                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                        EXPIRE)));
        POLICIES.put(
                "untagged-with-list",
                policy(rule(
                        1,
                        "\"tagStatus\":\"untagged\",\"tagPrefixList\":[\"a\"],"
                                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                        EXPIRE)));
        POLICIES.put(
                "five-wildcards",
                policy(rule(
                        1,
                        "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"a*b*c*d*e*f\"],"
                                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                        EXPIRE)));
        POLICIES.put(
                "count-unit-with-count",
                policy(rule(1, ANY5.replace("\"countNumber\"", "\"countUnit\":\"days\",\"countNumber\""), EXPIRE)));
        POLICIES.put(
                "count-unit-missing",
                policy(rule(1, "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countNumber\":3", EXPIRE)));
        POLICIES.put(
                "count-unit-hours",
                policy(rule(
                        1,
                        "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"hours\",\"countNumber\":3",
                        EXPIRE)));
        POLICIES.put("count-number-zero", policy(rule(1, ANY5.replace("5", "0"), EXPIRE)));
        POLICIES.put(
                "pulled-expire",
                policy(rule(
                        1,
                        "\"tagStatus\":\"any\",\"countType\":\"sinceImagePulled\",\"countUnit\":\"days\",\"countNumber\":90",
                        EXPIRE)));
        POLICIES.put(
                "transitioned-transition",
                policy(rule(
                        1,
                        "\"tagStatus\":\"any\",\"storageClass\":\"archive\","
                                + "\"countType\":\"sinceImageTransitioned\",\"countUnit\":\"days\",\"countNumber\":365",
                        "\"type\":\"transition\",\"targetStorageClass\":\"archive\"")));
        POLICIES.put(
                "transition-without-target",
                policy(rule(
                        1,
                        "\"tagStatus\":\"any\",\"countType\":\"sinceImagePulled\","
                                + "\"countUnit\":\"days\",\"countNumber\":90",
                        "\"type\":\"transition\"")));
        POLICIES.put(
                "target-with-expire", policy(rule(1, ANY5, "\"type\":\"expire\",\"targetStorageClass\":\"archive\"")));
        POLICIES.put("unknown-key", policy(rule(1, ANY5 + ",\"tagPrefix\":\"x\"", EXPIRE)));
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 51; i++) {
            many.append(i > 1 ? "," : "")
                    .append(rule(
                            i,
                            "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"t" + i
                                    + "-*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3",
                            EXPIRE));
        }
        POLICIES.put("fifty-one-rules", "{\"rules\":[" + many + "]}");
        POLICIES.put("valid", policy(rule(1, UNTAGGED14, EXPIRE)));
        POLICIES.put("snapshot-malformed", "{\"imageDetails\": [ {\"imageDigest\": \"sha256:00\", }");
    }

    @BeforeAll
    static void writeFiles() throws Exception {
        for (Map.Entry<String, String> e : POLICIES.entrySet()) {
            Files.writeString(files.resolve(e.getKey() + ".json"), e.getValue());
        }
    }

    private static String file(String name) {
        return files.resolve(name + ".json").toString();
    }

    private static String[] args(String... a) {
        return a;
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        c.add(Arguments.of(
                "malformed policy JSON",
                2,
                "not valid JSON",
                args("put-policy", "-r", "platform/web", "--policy", file("not-json"), "--yes")));
        String[][] constraints = {
            {"duplicate-priority", "rules[1].rulePriority", "1 is also used by rules[0]"},
            {"any-not-last", "rules[0].rulePriority", "tagStatus any must have the highest rulePriority"},
            {
                "two-untagged",
                "rules[1].selection.tagStatus",
                "only one rule per storage class may select untagged images"
            },
            {"tagged-without-list", "rules[0].selection", "tagStatus tagged requires tagPatternList or tagPrefixList"},
            {"both-lists", "rules[0].selection.tagPrefixList", "not allowed together with tagPatternList"},
            {"untagged-with-list", "rules[0].selection.tagPrefixList", "not allowed with tagStatus untagged"},
            {"five-wildcards", "rules[0].selection.tagPatternList[0]", "has 5 wildcards; at most 4 are allowed"},
            {"count-unit-with-count", "rules[0].selection.countUnit", "not allowed with countType imageCountMoreThan"},
            {"count-unit-missing", "rules[0].selection.countUnit", "required with countType sinceImagePushed"},
            {"count-unit-hours", "rules[0].selection.countUnit", "must be \"days\", found \"hours\""},
            {"count-number-zero", "rules[0].selection.countNumber", "must be at least 1, found 0"},
            {"pulled-expire", "rules[0].action.type", "expire is not allowed with countType sinceImagePulled"},
            {
                "transitioned-transition",
                "rules[0].action.type",
                "transition is not allowed with countType sinceImageTransitioned"
            },
            {"transition-without-target", "rules[0].action.targetStorageClass", "required with action type transition"},
            {"target-with-expire", "rules[0].action.targetStorageClass", "not allowed with action type expire"},
            {"unknown-key", "rules[0].selection.tagPrefix", "unknown key"},
            {"fifty-one-rules", "rules", "has 51 rules; at most 50 are allowed"}
        };
        for (String[] k : constraints) {
            c.add(Arguments.of(
                    "put-policy, policy " + k[0],
                    2,
                    k[1] + " (line 1, column",
                    args("put-policy", "-r", "platform/web", "--policy", file(k[0]), "--yes")));
            c.add(Arguments.of(
                    "apply-all, policy " + k[0], 2, k[2], args("apply-all", "--policy", file(k[0]), "--yes")));
        }
        c.add(Arguments.of(
                "policy file missing",
                2,
                "cannot read policy file",
                args("put-policy", "-r", "platform/web", "--policy", file("nope"), "--yes")));
        c.add(Arguments.of(
                "invalid repository name",
                2,
                "'Platform/Web' is not a valid repository name",
                args("delete-untagged", "-r", "Platform/Web", "--yes")));
        c.add(Arguments.of(
                "unknown repository",
                1,
                "repository 'platform/nope' not found",
                args("delete-untagged", "-r", "platform/nope", "--yes")));
        c.add(Arguments.of(
                "duration without unit",
                2,
                "'14' is not a duration",
                args("delete-untagged", "--all", "--older-than", "14", "--yes")));
        c.add(Arguments.of(
                "duration with a word",
                2,
                "'14days' is not a duration",
                args("delete-untagged", "--all", "--older-than", "14days", "--yes")));
        c.add(Arguments.of(
                "negative duration",
                2,
                "'-3d' is not a duration",
                args("delete-untagged", "--all", "--older-than=-3d", "--yes")));
        c.add(Arguments.of(
                "negative --keep",
                2,
                "Invalid value for option '--keep': '-2' is not a whole number of at least 0",
                args("delete-untagged", "--all", "--keep", "-2", "--yes")));
        c.add(Arguments.of(
                "negative --max-delete",
                2,
                "--max-delete must not be negative",
                args("delete-untagged", "--all", "--max-delete", "-1", "--yes")));
        c.add(Arguments.of(
                "--parallel 0",
                2,
                "--parallel must be 'auto' or a whole number of at least 1, not '0'",
                args("apply-all", "--policy", file("valid"), "--parallel", "0", "--yes")));
        c.add(Arguments.of(
                "--parallel many",
                2,
                "--parallel must be 'auto' or a whole number of at least 1, not 'many'",
                args("delete-untagged", "--all", "--parallel", "many", "--yes")));
        c.add(Arguments.of(
                "--max-rate -5",
                2,
                "is not a positive number of calls per second",
                args("delete-untagged", "--all", "--max-rate", "-5", "--yes")));
        c.add(Arguments.of(
                "--max-rate 0",
                2,
                "is not a positive number of calls per second",
                args("delete-untagged", "--all", "--max-rate", "0", "--yes")));
        c.add(Arguments.of(
                "--all with -r",
                2,
                "--repository=NAME, --all are mutually exclusive",
                args("delete-untagged", "--all", "-r", "platform/web", "--yes")));
        c.add(Arguments.of(
                "no repository chosen",
                2,
                "choose repositories with -r NAME, --all or --include GLOB",
                args("delete-untagged", "--yes")));
        c.add(Arguments.of(
                "unreadable snapshot",
                2,
                "invalid snapshot file '" + file("missing-snapshot") + "': no such file",
                args("list", "--snapshot", file("missing-snapshot"))));
        c.add(Arguments.of(
                "malformed snapshot",
                2,
                "invalid snapshot file '" + file("snapshot-malformed") + "': line 1, column",
                args("list", "--snapshot", file("snapshot-malformed"))));
        c.add(Arguments.of(
                "invalid --now",
                2,
                "'last tuesday' is not an ISO-8601 time",
                args("delete-untagged", "--all", "--now", "last tuesday", "--yes")));
        c.add(Arguments.of(
                "malformed --endpoint-url",
                2,
                "'ecr.local:4566' is not an http(s) URL",
                args("list", "--endpoint-url", "ecr.local:4566")));
        c.add(Arguments.of(
                "bad --registry-id", 2, "'12345' is not a registry ID", args("list", "--registry-id", "12345")));
        c.add(Arguments.of(
                "unknown option", 2, "Unknown option: '--force'", args("delete-untagged", "--all", "--force")));
        c.add(Arguments.of(
                "unknown command",
                2,
                "unknown command 'purge'; the commands are list, delete-untagged, untag, restore, delete-repository, put-policy, apply-all, get-policy, get-templates, put-template, apply-templates, delete-policy, copy-policy, expire, sweep, apply, scan-in-use, report, validate",
                args("purge")));
        c.add(Arguments.of(
                "a mistyped command",
                2,
                "unknown command 'delet-untagged'; did you mean 'delete-untagged'?",
                args("delet-untagged")));
        c.add(Arguments.of(
                "a mistyped option",
                2,
                "Unknown option: '--dryrun'; did you mean --dry-run?",
                args("delete-untagged", "--all", "--dryrun")));
        c.add(Arguments.of(
                "the AWS CLI's --query",
                2,
                "ecrsweep has no JMESPath: use -o json and jq",
                args("list", "--query", "repositories")));
        c.add(Arguments.of(
                "the AWS CLI's --debug",
                2,
                "use -v (its steps), -vv (also the AWS SDK's requests)",
                args("list", "--debug")));
        c.add(Arguments.of(
                "the AWS CLI's --no-cli-pager",
                2,
                "ecrsweep pages nothing: leave it out",
                args("list", "--no-cli-pager")));
        c.add(Arguments.of(
                "put-policy without --policy",
                2,
                "Missing required option: '--policy=FILE'",
                args("put-policy", "-r", "platform/web")));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithTheContractsExitCodeAndOneLine(String name, int exitCode, String message, String[] args) {
        MemoryRegistry registry = MemoryRegistry.of(Path.of("examples/registry.json"));
        Map<String, Object> before = new HashMap<>(registry.digests());
        before.putAll(registry.policies);

        CliRunner.Run r = CliRunner.create()
                .registries(t -> t.usesSnapshots() ? RegistryFactory.standard().open(t) : registry)
                .run(args);

        assertThat(r.exitCode()).as(name + ": " + r.err()).isEqualTo(exitCode);
        assertThat(r.err().lines()).as(name + ": " + r.err()).hasSize(1);
        assertThat(r.err()).as(name).startsWith("ecrsweep: ").contains(message).doesNotContain("\tat ");
        assertThat(registry.deletions).as(name).isEmpty();
        assertThat(registry.puts).as(name).isEmpty();
        Map<String, Object> after = new HashMap<>(registry.digests());
        after.putAll(registry.policies);
        assertThat(after).as(name + ": the registry is unchanged").isEqualTo(before);
    }
}
