package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Whether a person is there, decided from the terminal itself: the question goes to the controlling
 * terminal when standard output is redirected (as {@code terraform apply} and {@code git} do), and a
 * job whose standard input is a pipe is never asked, on any installed JDK. The terminal is a real
 * pseudo-terminal from util-linux's {@code script}.
 */
@ExtendWith(EcrEmulator.class)
class TerminalIT {

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void seed(EcrEmulator.Server server) {
        this.ecr = server;
        Seed seed = new Seed();
        for (int i = 0; i < 3; i++) {
            seed.image("web", "u-" + i, EndToEndIT.daysAgo(10 + i));
        }
        seed.image("web", "v1", EndToEndIT.daysAgo(30), "v1");
        ecr.seed(seed);
    }

    private Map<String, String> environment() {
        return Map.of(
                "HOME",
                home.toString(),
                "PATH",
                System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "AWS_EC2_METADATA_DISABLED",
                "true",
                "AWS_REGION",
                EcrEmulator.REGION,
                "AWS_ACCESS_KEY_ID",
                "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "AWS_CONFIG_FILE",
                home.resolve(".aws/config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE",
                home.resolve(".aws/credentials").toString());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String java(Path jdk) {
        return jdk.resolve("bin/java").toString();
    }

    /** The command line of the jar, as one shell word list. */
    private String command(Path jdk, String... args) {
        List<String> words =
                new ArrayList<>(List.of(java(jdk), "-jar", JarProcess.jar().toString()));
        words.addAll(List.of(args));
        words.addAll(List.of("--endpoint-url", ecr.endpoint()));
        return String.join(" ", words.stream().map(TerminalIT::quote).toList());
    }

    /**
     * Runs a shell command on a pseudo-terminal with {@code script}, answers the first question asked on
     * that terminal, and returns what the terminal showed.
     */
    private String onTerminal(String shellCommand, String answer) throws Exception {
        Process p;
        try {
            ProcessBuilder pb =
                    new ProcessBuilder("script", "-qec", shellCommand, "/dev/null").redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(environment());
            p = pb.start();
        } catch (IOException e) {
            Assumptions.abort("util-linux's script is not installed: " + e.getMessage());
            throw e;
        }
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        InputStream in = p.getInputStream();
        OutputStream keyboard = p.getOutputStream();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean answered = false;
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            if (in.available() > 0) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                screen.write(buffer, 0, n);
                if (!answered && screen.toString(StandardCharsets.UTF_8).contains("[y/N]")) {
                    keyboard.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                    keyboard.flush();
                    answered = true;
                }
            } else if (!p.isAlive()) {
                break;
            } else {
                Thread.sleep(20);
            }
        }
        screen.write(in.readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS))
                .as("the terminal session ended")
                .isTrue();
        assertThat(answered)
                .as("a question was asked on the terminal: " + screen)
                .isTrue();
        return screen.toString(StandardCharsets.UTF_8);
    }

    private int images() {
        try (EcrClient client = ecr.client()) {
            return EndToEndIT.digests(client, "web").size();
        }
    }

    @Test
    void withStandardOutputRedirectedTheQuestionGoesToTheTerminalAndYesDeletes() throws Exception {
        Path out = home.resolve("result.json");
        Path jdk = Path.of(System.getProperty("java.home"));

        String screen =
                onTerminal(command(jdk, "delete-untagged", "--all", "-o", "json") + " > " + quote(out.toString()), "y");

        assertThat(screen)
                .contains("Delete 3 images in 1 repository of account 123456789012 (us-east-1) at " + ecr.endpoint()
                        + "? [y/N]");
        JsonNode doc = EcrEmulator.json().readTree(Files.readString(out));
        assertThat(doc.get("stage").asText()).isEqualTo("result");
        assertThat(doc.get("summary").get("deleted").asInt()).isEqualTo(3);
        assertThat(images()).isEqualTo(1);
    }

    @Test
    void withStandardOutputPipedIntoTeeANoChangesNothingAndTheDocumentSaysWhy() throws Exception {
        Path out = home.resolve("plan.json");
        Path jdk = Path.of(System.getProperty("java.home"));

        String screen = onTerminal(
                command(jdk, "delete-untagged", "--all", "-o", "json") + " | tee " + quote(out.toString()), "n");

        assertThat(screen).contains("declined: nothing was changed");
        assertThat(EcrEmulator.json()
                        .readTree(Files.readString(out))
                        .get("refused")
                        .get("reason")
                        .asText())
                .isEqualTo("declined at the prompt");
        assertThat(images()).isEqualTo(4);
    }

    @Test
    void aJobWhoseInputIsAPipeIsNeverAskedOnAnyInstalledJdk() throws Exception {
        // The running JDK, and a JDK 25 where one is installed beside it (its System.console() differs).
        List<Path> jdks = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        try (Stream<Path> installed = Files.list(Path.of("/usr/lib/jvm"))) {
            installed
                    .filter(p -> Files.isExecutable(p.resolve("bin/java"))
                            && p.getFileName().toString().contains("25"))
                    .findFirst()
                    .ifPresent(jdks::add);
        } catch (IOException e) {
            // only the running JDK then
        }
        for (Path jdk : jdks) {
            ProcessBuilder pb = new ProcessBuilder(
                            "sh", "-c", "printf 'y\\ny\\n' | " + command(jdk, "delete-untagged", "--all"))
                    .redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(environment());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as(jdk + ": " + output).isEqualTo(1);
            assertThat(output)
                    .as(jdk.toString())
                    .contains("refusing to delete images without --yes: there is no terminal to confirm on")
                    .doesNotContain("[y/N]");
            assertThat(images()).as(jdk.toString()).isEqualTo(4);
        }
    }
}
