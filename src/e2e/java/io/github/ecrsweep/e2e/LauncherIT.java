package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command through the launcher the build puts beside the jar: it runs the main job on
 * the bundled example, makes its class-data-sharing archive in the cache it is given, finds its jar through
 * a symbolic link, and says in one line how to build a missing jar.
 */
class LauncherIT {

    @TempDir
    Path home;

    record Run(int exitCode, String out, String err) {}

    private static Path launcher() {
        return JarProcess.jar().resolveSibling("ecrsweep");
    }

    private Run run(Path launcher, Map<String, String> extra, String... args) throws IOException, InterruptedException {
        List<String> command =
                Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList();
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(Path.of("").toAbsolutePath().toFile());
        pb.environment().clear();
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().putAll(extra);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theReadmeCommandRunsTheMainJobAndTheArchiveIsMadeOnce() throws Exception {
        assertThat(launcher()).as("the build puts the launcher beside the jar").isExecutable();
        Path cache = home.resolve("cache");

        Map<String, String> env = Map.of("ECRSWEEP_CACHE", cache.toString());
        String[] readmeJob = {"delete-untagged", "--all", "--snapshot", "examples/registry.json"};

        Run first = run(launcher(), env, readmeJob);
        Run second = run(launcher(), env, readmeJob);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("of account 123456789012 (eu-west-1)")
                .contains("(dry run)")
                .contains("6088dead3c85")
                .contains("child-of-deleted-index");
        assertThat(second.out()).isEqualTo(first.out());
        try (Stream<Path> archives = Files.list(cache)) {
            assertThat(archives.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".jsa"))
                            .toList())
                    .hasSize(1);
        }
    }

    @Test
    void aCiRunnerWithoutAKeptCacheRunsAtOnceWithoutATrainingRun() throws Exception {
        Run r = run(
                launcher(), Map.of("CI", "true"), "delete-untagged", "--all", "--snapshot", "examples/registry.json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("(dry run)");
        assertThat(r.err()).doesNotContain("preparing the start-up cache");
        assertThat(home.resolve(".cache/ecrsweep")).doesNotExist();
    }

    @Test
    void aCiRunnerWithAKeptCacheMakesItOnce() throws Exception {
        Path cache = home.resolve("kept");

        Run first = run(launcher(), Map.of("CI", "true", "ECRSWEEP_CACHE", cache.toString()), "--version");
        Run second = run(launcher(), Map.of("CI", "true", "ECRSWEEP_CACHE", cache.toString()), "--version");

        assertThat(first.err()).contains("preparing the start-up cache in " + cache);
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).isEqualTo(first.out()).startsWith("ecrsweep ");
        try (Stream<Path> archives = Files.list(cache)) {
            assertThat(archives.map(p -> p.getFileName().toString())).hasSize(1);
        }
    }

    @Test
    void aLinkToTheLauncherFindsTheJarBesideTheLauncher() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("ecrsweep"), launcher());

        Run r = run(link, Map.of("ECRSWEEP_CACHE", home.resolve("cache").toString()), "--version");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ecrsweep ");
    }

    @Test
    void aMissingJarIsOneLineThatSaysHowToBuildIt() throws Exception {
        Path missing = home.resolve("nowhere/ecrsweep.jar");

        Run r = run(launcher(), Map.of("ECRSWEEP_JAR", missing.toString()), "--version");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .contains(missing.toString())
                .contains("mvn -B -q package -DskipTests");
    }
}
