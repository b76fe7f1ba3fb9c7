package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --detailed-exitcode}: a plan with changes exits 4, one without 0, a refused one 1. */
class DetailedExitCodeTest {

    private static final String REGISTRY = "examples/registry.json";

    @Test
    void changesNothingAndRefusalAreThreeDistinctCodes() {
        CliRunner.Run changes =
                CliRunner.create().run("delete-untagged", "--all", "--snapshot", REGISTRY, "--detailed-exitcode");
        CliRunner.Run nothing = CliRunner.create()
                .run("delete-untagged", "-r", "batch/worker", "--snapshot", REGISTRY, "--detailed-exitcode");
        CliRunner.Run refused = CliRunner.create()
                .run("delete-untagged", "--all", "--snapshot", REGISTRY, "--detailed-exitcode", "--max-delete", "1");
        CliRunner.Run plain = CliRunner.create().run("delete-untagged", "--all", "--snapshot", REGISTRY);

        assertThat(changes.exitCode()).isEqualTo(4);
        assertThat(nothing.exitCode()).isZero();
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(plain.exitCode())
                .as("without the option, a plan with changes is a success")
                .isZero();
    }
}
