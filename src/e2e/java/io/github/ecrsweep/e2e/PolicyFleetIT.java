package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Policy fleet management against the emulator: drift, get-policy, delete-policy. */
@ExtendWith(EcrEmulator.class)
class PolicyFleetIT {

    private static final String POLICY = Path.of("examples/policies/expire-untagged-after-14-days.json")
            .toAbsolutePath()
            .toString();

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    private JarProcess.Result run(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", ecr.endpoint()));
        return JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", EcrEmulator.REGION)
                .run(all.toArray(String[]::new));
    }

    @Test
    void driftIsFoundThenFixedThenPoliciesAreReadAndDeleted() throws Exception {
        ecr.seed(new Seed()
                .repository("app-a")
                .repository("app-b")
                .policy(
                        "app-c",
                        "{\"rules\":[{\"rulePriority\":1,"
                                + "\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":50},"
                                + "\"action\":{\"type\":\"expire\"}}]}"));

        JarProcess.Result drift = run("apply-all", "--policy", POLICY, "--check", "-o", "json");
        JarProcess.Result apply = run("apply-all", "--policy", POLICY, "--yes");
        JarProcess.Result clean = run("apply-all", "--policy", POLICY, "--check");
        JarProcess.Result policies = run("get-policy", "-o", "json");
        JarProcess.Result delete = run("delete-policy", "-r", "app-c", "--yes", "-o", "json");
        JarProcess.Result after = run("get-policy", "-r", "app-c", "--text");

        assertThat(drift.exitCode()).isEqualTo(1);
        assertThat(drift.err())
                .contains("drift: 3 of 3 repositories differ from the policy (2 without a policy, 1 with another one)");
        JsonNode report = EcrEmulator.json().readTree(drift.out());
        assertThat(report.get("repositories").findValuesAsText("status")).contains("would-create", "would-update");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(clean.exitCode()).as(clean.err()).isZero();
        JsonNode doc = EcrEmulator.json().readTree(policies.out());
        assertThat(doc.get("kind").asText()).isEqualTo("ecrsweep-lifecycle-policies");
        assertThat(doc.get("repositories"))
                .hasSize(3)
                .allMatch(r -> r.get("lifecyclePolicy").has("rules"));
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(EcrEmulator.json()
                        .readTree(delete.out())
                        .get("repositories")
                        .get(0)
                        .get("status")
                        .asText())
                .isEqualTo("policy-deleted");
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.err()).contains("repository 'app-c'").contains("has no lifecycle policy");
    }
}
