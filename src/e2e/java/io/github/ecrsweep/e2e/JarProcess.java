package io.github.ecrsweep.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar as its users do, in a controlled environment: no inherited AWS variables,
 * an empty home (no ~/.aws), and never the EC2 metadata address.
 */
public final class JarProcess {

    public record Result(int exitCode, String out, String err) {}

    private final Map<String, String> env = new HashMap<>();
    private Path workDir = Path.of(".");

    private JarProcess(Path home) {
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
    }

    /** A process with an empty home directory under {@code home}. */
    public static JarProcess in(Path home) {
        return new JarProcess(home);
    }

    public JarProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public JarProcess dummyCredentials() {
        return env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    public JarProcess workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public static Path jar() {
        String jar = System.getProperty("ecrsweep.jar", "target/ecrsweep.jar");
        Path path = Path.of(jar).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the packaged jar is missing: " + path + " (run 'mvn package' first)");
        }
        return path;
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return start(args).await();
    }

    /** A started ecrsweep process, to signal while it runs. */
    public static final class Running {
        private final Process process;
        private final Path out;
        private final Path err;
        private final String description;

        Running(Process process, Path out, Path err, String description) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.description = description;
        }

        public Process process() {
            return process;
        }

        /** Sends a signal by name (INT, TERM) to the process. */
        public void signal(String name) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }

        public Result await() throws IOException, InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("ecrsweep did not finish within 120 s: " + description);
            }
            Result r = new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        }
    }

    public Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("ecrsweep-out", ".txt");
        Path err = Files.createTempFile("ecrsweep-err", ".txt");
        pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new Running(pb.start(), out, err, String.join(" ", args));
    }
}
