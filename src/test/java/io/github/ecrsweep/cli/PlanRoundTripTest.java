package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.rules.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One plan contract for every changing command: a plan written with {@code --dry-run --out} is read back into
 * the records it was written from, and {@code apply} of it, bound to its bytes, changes exactly what the same
 * command run at once changes, in an in-memory registry.
 */
class PlanRoundTripTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of((Object) new String[] {"delete-untagged", "--all", "--older-than", "1d"}),
                Arguments.of((Object) new String[] {
                    "expire", "--all", "--policy", "examples/policies/aws-13-combine-archive-and-expire.json"
                }),
                Arguments.of((Object) new String[] {"sweep", "--rules", "examples/rules/release-lines.yaml"}),
                Arguments.of((Object) new String[] {
                    "put-policy",
                    "-r",
                    "platform/web",
                    "--policy",
                    "examples/policies/expire-untagged-after-14-days.json"
                }),
                Arguments.of(
                        (Object) new String[] {"apply-all", "--policy", "examples/policies/keep-newest-10-prod.json"}),
                Arguments.of((Object) new String[] {"delete-policy", "--all"}),
                Arguments.of((Object) new String[] {"copy-policy", "--from", "batch/worker", "--all"}));
    }

    private static String[] with(String[] command, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static Set<Digest> deleted(MemoryRegistry registry) {
        Set<Digest> all = new HashSet<>();
        registry.deletions.forEach(e -> all.addAll(e.getValue()));
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void applyingTheReviewedPlanChangesWhatTheCommandChanges(String[] command, @TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.json");
        MemoryRegistry reviewed = MemoryRegistry.of(REGISTRY);
        CliRunner.Run dry = CliRunner.create()
                .registries(t -> reviewed)
                .run(with(command, "--dry-run", "--out", plan.toString(), "-o", "json"));
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        JsonNode printed = JSON.readTree(dry.out());
        String sha256 = printed.get("planFile").get("sha256").asText();
        assertThat(sha256).isEqualTo(io.github.ecrsweep.registry.InputFile.sha256(Files.readAllBytes(plan)));
        assertThat(JSON.readTree(Files.readString(plan)).has("planFile"))
                .as("the plan does not name its own hash")
                .isFalse();

        MemoryRegistry viaPlan = MemoryRegistry.of(REGISTRY);
        CliRunner.Run apply = CliRunner.create()
                .registries(t -> viaPlan)
                .run("apply", plan.toString(), "--expect-sha256", sha256, "--yes", "-o", "json");
        MemoryRegistry direct = MemoryRegistry.of(REGISTRY);
        CliRunner.Run run = CliRunner.create().registries(t -> direct).run(with(command, "--yes"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(reviewed.deletions).isEmpty();
        assertThat(deleted(viaPlan)).isEqualTo(deleted(direct));
        assertThat(viaPlan.archived).containsExactlyInAnyOrderElementsOf(direct.archived);
        assertThat(viaPlan.puts).containsExactlyInAnyOrderElementsOf(direct.puts);
        assertThat(viaPlan.policyDeletions).containsExactlyInAnyOrderElementsOf(direct.policyDeletions);
        assertThat(viaPlan.policies).isEqualTo(direct.policies);
        assertThat(deleted(direct).size() + direct.archived.size() + direct.puts.size() + direct.policyDeletions.size())
                .as("each command changes something in the bundled registry")
                .isPositive();
    }
}
