package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command at the most verbose level, with recognisable credentials: none of the secrets is ever printed. */
@ExtendWith(EcrEmulator.class)
class SecretsIT {

    private static final String SECRET_KEY = "SeCrEtKeY-ecrsweep-must-never-print-this-0123456789";
    private static final String SESSION_TOKEN = "SeSsIoNtOkEn-ecrsweep-must-never-print-this-too-9876543210";
    private static final String POLICY = Path.of("examples/policies/expire-untagged-after-14-days.json")
            .toAbsolutePath()
            .toString();

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void seed(EcrEmulator.Server server) {
        ecr = server;
        ecr.seed(new EndToEndIT.Fleet().seed);
    }

    static Stream<List<String>> commands() {
        return Stream.of(
                List.of("list"),
                List.of("list", "--images", "--all", "-o", "json"),
                List.of("delete-untagged", "--all", "--older-than", "7d", "--yes"),
                List.of("put-policy", "-r", "platform/web", "--policy", POLICY, "--yes"),
                List.of("apply-all", "--policy", POLICY, "--yes", "-o", "json"),
                List.of("delete-untagged", "-r", "platform/nope", "--yes", "--stacktrace"),
                List.of("validate", POLICY));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void noSecretIsEverPrinted(List<String> command) throws Exception {
        boolean aws = !"validate".equals(command.get(0));
        Stream<String> extra = aws ? Stream.of("-vvv", "--endpoint-url", ecr.endpoint()) : Stream.of("-vvv");
        String[] args = Stream.concat(command.stream(), extra).toArray(String[]::new);

        JarProcess.Result r = JarProcess.in(home)
                .env("AWS_ACCESS_KEY_ID", "AKIAECRSWEEPTESTKEY1")
                .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
                .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
                .env("AWS_REGION", EcrEmulator.REGION)
                .run(args);

        if (aws) {
            assertThat(r.err()).as("the most verbose level does log").contains("DEBUG software.amazon.awssdk");
        } else {
            assertThat(r.exitCode()).isZero();
        }
        for (String secret : List.of(SECRET_KEY, SESSION_TOKEN, "SeCrEtKeY", "SeSsIoNtOkEn")) {
            assertThat(r.out()).doesNotContain(secret);
            assertThat(r.err()).doesNotContain(secret);
        }
    }

    /** A credential_process command line may carry a secret of its own: neither it nor what it returns is ever printed. */
    @ParameterizedTest
    @MethodSource("commands")
    void aCredentialProcessCommandLineIsNeverPrinted(List<String> command) throws Exception {
        Path script = home.resolve("vault-creds");
        java.nio.file.Files.writeString(
                script,
                "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAECRSWEEPPROCESS1\","
                        + " \"SecretAccessKey\": \"" + SECRET_KEY + "\"}'\n");
        script.toFile().setExecutable(true);
        java.nio.file.Files.createDirectories(home.resolve(".aws"));
        java.nio.file.Files.writeString(
                home.resolve(".aws/config"),
                "[profile vault]\nregion = " + EcrEmulator.REGION + "\ncredential_process = " + script
                        + " --token=ArGuMeNt-SeCrEt-4242\n");
        boolean aws = !"validate".equals(command.get(0));
        Stream<String> extra =
                aws ? Stream.of("-vvv", "--profile", "vault", "--endpoint-url", ecr.endpoint()) : Stream.of("-vvv");
        String[] args = Stream.concat(command.stream(), extra).toArray(String[]::new);

        JarProcess.Result r = JarProcess.in(home).run(args);

        if (aws) {
            assertThat(r.err()).as("the most verbose level does log").contains("DEBUG software.amazon.awssdk");
        }
        for (String secret : List.of("ArGuMeNt-SeCrEt-4242", "--token=", SECRET_KEY, "SeCrEtKeY")) {
            assertThat(r.out()).doesNotContain(secret);
            assertThat(r.err()).doesNotContain(secret);
        }
    }
}
