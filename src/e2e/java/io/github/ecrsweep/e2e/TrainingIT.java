package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's first-run training of the packaged jar reaches nothing beyond this machine, whatever region the user set. */
class TrainingIT {

    @TempDir
    Path home;

    @Test
    void theTrainingRunNeverConnectsBeyondLoopback() throws Exception {
        String classpath = JarProcess.jar()
                + java.io.File.pathSeparator
                + Path.of("target/test-classes").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.security.manager=allow",
                        "-cp",
                        classpath,
                        LoopbackOnly.class.getName(),
                        "io.github.ecrsweep.cli.Training")
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // A user's ordinary settings: a region and keys, so that a command without an endpoint would go to AWS.
        pb.environment().put("AWS_REGION", "us-east-1");
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("loopback only").doesNotContain("connections beyond loopback");
        assertThat(p.exitValue()).as(output).isZero();
    }
}
