package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a policy or rule file comes from: a file, standard input, or an environment variable (an ECS secret). */
class PolicySourcesTest {

    private final PolicySources sources = new PolicySources(
            () -> new ByteArrayInputStream("from stdin".getBytes(StandardCharsets.UTF_8)),
            Map.of("ECRSWEEP_RULES", "kind: ecrsweep-rules", "EMPTY", " ")::get);

    @Test
    void anEnvironmentVariableIsReadAsTheFileWouldBeAndIsNoPathToResolveAgainst() {
        assertThat(sources.read("env:ECRSWEEP_RULES", "rule file")).isEqualTo("kind: ecrsweep-rules");
        assertThat(sources.read("-", "rule file")).isEqualTo("from stdin");
        assertThat(PolicySources.isFile("env:ECRSWEEP_RULES")).isFalse();
        assertThat(PolicySources.isFile("-")).isFalse();
        assertThat(PolicySources.isFile("rules.yaml")).isTrue();
    }

    @Test
    void aVariableThatIsMissingOrEmptyIsAUsageErrorThatNamesIt() {
        for (String name : new String[] {"env:MISSING", "env:EMPTY", "env:"}) {
            assertThatThrownBy(() -> sources.read(name, "rule file"))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("cannot read rule file '" + name + "': the environment variable")
                    .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }
}
