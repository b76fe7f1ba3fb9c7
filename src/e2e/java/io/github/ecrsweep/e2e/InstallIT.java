package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Install section, as written, on the distribution archive the build makes: unpacked under a
 * fresh home, linked onto the PATH, run from another directory.
 */
class InstallIT {

    @TempDir
    Path home;

    record Run(int exitCode, String out, String err) {}

    private static Path archive() throws IOException {
        try (Stream<Path> files = Files.list(JarProcess.jar().getParent())) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().matches("ecrsweep-.+\\.tar\\.gz"))
                    .toList();
            assertThat(archives).as("the build makes one distribution archive").hasSize(1);
            return archives.get(0);
        }
    }

    /** The README's lines, through sh, in a directory that is not the project's, with the home given. */
    private Run sh(Path dir, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-euc", script).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the commands finished").isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theReadmeInstallUnpacksLinksAndRunsFromAnyDirectory() throws Exception {
        Path archive = archive();
        String version = archive.getFileName().toString().replaceAll("^ecrsweep-(.+)\\.tar\\.gz$", "$1");
        // A fresh home: no ~/.local at all, and ~/.local/bin not on the PATH; the project's target/ in the directory.
        Path elsewhere = Files.createDirectories(home.resolve("work"));
        Files.createDirectories(elsewhere.resolve("target"));
        Files.copy(archive, elsewhere.resolve("target").resolve(archive.getFileName()));

        String readme = Files.readString(Path.of("README.md"));
        String install = readme.substring(readme.indexOf("## Install"));
        install = install.substring(
                install.indexOf("```sh\n") + 6, install.indexOf("```", install.indexOf("```sh\n") + 6));
        assertThat(install).as("the README installs this version").contains("ecrsweep-" + version + ".tar.gz");

        Run first = sh(elsewhere, install);
        Run second = sh(elsewhere, "PATH=\"$HOME/.local/bin:$PATH\"; ecrsweep --version");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("ecrsweep " + version);
        assertThat(first.err().strip().lines())
                .as("the start-up cache is announced once")
                .containsExactly("ecrsweep: preparing the start-up cache in " + home.resolve(".cache/ecrsweep")
                        + " (once per version and Java)");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).isEmpty();
        Path installed = home.resolve(".local/share/ecrsweep-" + version);
        assertThat(installed.resolve("LICENSE")).isRegularFile();
        assertThat(installed.resolve("README.md")).isRegularFile();
        assertThat(Files.isSymbolicLink(home.resolve(".local/bin/ecrsweep"))).isTrue();
    }

    @Test
    void theInstalledToolRunsTheMainJobAndItsCompletionLoads() throws Exception {
        Path archive = archive();
        String version = archive.getFileName().toString().replaceAll("^ecrsweep-(.+)\\.tar\\.gz$", "$1");
        Path share = Files.createDirectories(home.resolve(".local/share"));
        Path work = Files.createDirectories(home.resolve("work"));
        String registry = Path.of("examples/registry.json").toAbsolutePath().toString();

        Path launcher = share.resolve("ecrsweep-" + version + "/ecrsweep");
        Run r = sh(
                work,
                "mkdir -p \"$HOME/.local/bin\" && tar xzf '" + archive + "' -C '" + share + "' && ln -s '" + launcher
                        + "' \"$HOME/.local/bin/ecrsweep\" && PATH=\"$HOME/.local/bin:$PATH\""
                        + " && ecrsweep delete-untagged --all --snapshot '" + registry
                        + "'");
        Run completion = sh(
                work,
                "bash -c \". '" + share + "/ecrsweep-" + version
                        + "/completion/ecrsweep.bash' && complete -p ecrsweep\"");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("6088dead3c85").contains("(dry run)");
        assertThat(completion.exitCode()).as(completion.err()).isZero();
        assertThat(completion.out()).contains("ecrsweep");
    }
}
