package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * At a terminal 80 columns wide, no line of any command's table output is wider than the terminal; when standard
 * output is not a terminal, tables keep their full width.
 */
class NarrowTerminalTest {

    private static final String REGISTRY = "examples/registry.json";

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of((Object) new String[] {"delete-untagged", "--all", "--snapshot", REGISTRY, "--explain"}),
                Arguments.of((Object) new String[] {
                    "apply-all",
                    "--policy",
                    "examples/policies/keep-newest-10-prod.json",
                    "--snapshot",
                    REGISTRY,
                    "--explain"
                }),
                Arguments.of((Object) new String[] {
                    "expire",
                    "--all",
                    "--policy",
                    "examples/policies/aws-13-combine-archive-and-expire.json",
                    "--snapshot",
                    REGISTRY,
                    "--explain"
                }),
                Arguments.of((Object)
                        new String[] {"sweep", "--rules", "examples/rules/release-lines.yaml", "--snapshot", REGISTRY}),
                Arguments.of((Object) new String[] {"list", "--snapshot", REGISTRY}),
                Arguments.of((Object) new String[] {"list", "--images", "--all", "--snapshot", REGISTRY}),
                Arguments.of((Object) new String[] {"get-policy", "--snapshot", REGISTRY}),
                Arguments.of((Object) new String[] {
                    "delete-untagged",
                    "--all",
                    "--snapshot",
                    REGISTRY,
                    "--in-use-k8s",
                    "examples/in-use/pods.json",
                    "--pin-file",
                    "examples/in-use/pins.txt"
                }),
                Arguments.of((Object) new String[] {
                    "scan-in-use", "--in-use-k8s", "examples/in-use/pods.json", "--pin-file", "examples/in-use/pins.txt"
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void noLineIsWiderThanAnEightyColumnTerminal(String[] command) {
        CliRunner.Run narrow = CliRunner.create().columns(80).run(command);
        CliRunner.Run piped = CliRunner.create().run(command);

        assertThat(narrow.exitCode()).as(narrow.err()).isIn(0, 4);
        assertThat(narrow.out().lines())
                .as(narrow.out())
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(piped.out().lines().mapToInt(String::length).max().orElse(0))
                .as("full width when standard output is not a terminal")
                .isGreaterThanOrEqualTo(
                        narrow.out().lines().mapToInt(String::length).max().orElse(0));
    }
}
