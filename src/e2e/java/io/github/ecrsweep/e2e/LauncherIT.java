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
    void withItsCacheARunTakesPicocliAndItsMainClassFromItAndVerifiesNothingTheOldWay() throws Exception {
        Map<String, String> env = Map.of("ECRSWEEP_CACHE", home.resolve("cache").toString());
        String[] readmeJob = {"delete-untagged", "--all", "--snapshot", "examples/registry.json"};
        assertThat(run(launcher(), env, readmeJob).exitCode()).isZero();
        Path loaded = home.resolve("loaded.log");
        Path verified = home.resolve("verified.log");

        Run r = run(
                launcher(),
                Map.of(
                        "ECRSWEEP_CACHE",
                        home.resolve("cache").toString(),
                        "ECRSWEEP_JAVA_OPTS",
                        "-Xlog:class+load=info:file=" + loaded + " -Xlog:verification=info:file=" + verified),
                readmeJob);

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> classes = Files.readAllLines(loaded, StandardCharsets.UTF_8);
        assertThat(classes.stream().filter(l -> l.contains(" picocli.")))
                .as("picocli's classes, from the start-up cache")
                .hasSizeGreaterThan(50)
                .allMatch(l -> l.contains("source: shared objects file"));
        assertThat(classes.stream().filter(l -> l.contains(" io.github.ecrsweep.Main ")))
                .as("the class the launcher names, from the start-up cache")
                .singleElement()
                .matches(l -> l.contains("source: shared objects file"));
        assertThat(Files.readString(verified, StandardCharsets.UTF_8))
                .as("no class verified by the old verifier (class files before Java 6) at run time")
                .doesNotContain("with old format");
    }

    @Test
    void onJava25ABareVersionRunsWithoutTheAotCacheAndEveryOtherRunWithIt() throws Exception {
        // A Java 25 installation as the launcher reads it (its release file), whose java writes down how it was
        // started and makes the cache a training run names.
        Path jdk = home.resolve("jdk-25");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.3\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n");
        Path calls = home.resolve("calls.txt");
        Path java = jdk.resolve("bin/java");
        Files.writeString(
                java,
                "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nfor a in \"$@\"; do case $a in -XX:AOTCacheOutput=*)"
                        + " : > \"${a#*=}\" ;; esac; done\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Map<String, String> env = Map.of(
                "JAVA_HOME",
                jdk.toString(),
                "ECRSWEEP_CACHE",
                home.resolve("cache").toString());

        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"list", "--snapshot", "examples/registry.json"}}) {
            assertThat(run(launcher(), env, args).exitCode()).isZero();
        }

        List<String> started = Files.readAllLines(calls, StandardCharsets.UTF_8);
        assertThat(started).hasSize(4);
        assertThat(started.get(0))
                .as("the training run, once, without the method profiles the client compiler has no use for")
                .contains("-XX:AOTCacheOutput=", "-XX:-AOTRecordTraining", "cli.Training");
        assertThat(started.get(1)).endsWith("io.github.ecrsweep.Main --version").doesNotContain("-XX:AOTCache");
        assertThat(started.get(2)).endsWith("io.github.ecrsweep.Main -V").doesNotContain("-XX:AOTCache");
        assertThat(started.get(3)).contains("-XX:AOTCache=").endsWith("list --snapshot examples/registry.json");
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

    /** {@code --version} through the launcher on a CI runner, with {@code javaOptions} and the JVM's flags printed. */
    private Run printingFlags(String javaOptions) throws Exception {
        return run(
                launcher(),
                Map.of("CI", "true", "ECRSWEEP_JAVA_OPTS", (javaOptions + " -XX:+PrintFlagsFinal").strip()),
                "--version");
    }

    /** A JVM flag as a run with -XX:+PrintFlagsFinal printed it: its value, and whether the command line set it. */
    private static String flag(Run r, String name) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("ecrsweep ");
        return r.out()
                .lines()
                .filter(l -> l.contains(" " + name + " "))
                .findFirst()
                .orElseThrow()
                .replaceAll("\\s+", " ");
    }

    @Test
    void aLoopIsCompiledAfterFiveThousandRoundsUnlessTheRunSaysOtherwise() throws Exception {
        Run plain = printingFlags("");
        Run told = printingFlags("-XX:Tier3BackEdgeThreshold=60000");

        assertThat(flag(plain, "Tier3BackEdgeThreshold")).contains("= 5000 {product} {command line}");
        assertThat(flag(told, "Tier3BackEdgeThreshold")).contains("= 60000 {product} {command line}");
    }

    @Test
    void oneCompilerThreadOnTwoProcessorsOrFewerAndTheJvmsOwnChoiceOtherwise() throws Exception {
        Run plain = printingFlags("");
        Run c2 = printingFlags("-XX:TieredStopAtLevel=4");

        // The JVM counts the processors the launcher must count: the CPUs it may use, within the CPU quota.
        if (Runtime.getRuntime().availableProcessors() <= 2) {
            assertThat(flag(plain, "CICompilerCount")).contains("CICompilerCount = 1 {product} {command line}");
        } else {
            assertThat(flag(plain, "CICompilerCount")).doesNotContain("{command line}");
        }
        assertThat(flag(c2, "CICompilerCount")).doesNotContain("{command line}");
        // Nor when the run tells the JVM how many processors to count.
        Run counted = printingFlags("-XX:ActiveProcessorCount=8");
        assertThat(flag(counted, "CICompilerCount")).doesNotContain("{command line}");
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

    /** The distribution archive the build makes, unpacked under {@code dir}; the launcher in it. */
    private static Path unpacked(Path dir) throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(JarProcess.jar().getParent())) {
            archive = files.filter(p -> p.getFileName().toString().matches("ecrsweep-.+\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.createDirectories(dir);
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (Stream<Path> launchers =
                Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("ecrsweep"))) {
            return launchers.findFirst().orElseThrow();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Test
    void afterTheQuickStartTwoUnpackedCopiesPrintOnlyTheirDataEvenWithAForeignCache() throws Exception {
        String registry = Path.of("examples/registry.json").toAbsolutePath().toString();
        String[] json = {"list", "--snapshot", registry, "-o", "json"};
        // The README's quick start (the launcher beside the built jar), then two installs of the same version.
        Run quickStart = run(launcher(), Map.of(), json);
        Path one = unpacked(home.resolve("one"));
        Path two = unpacked(home.resolve("two"));
        java.util.List<Run> runs = new java.util.ArrayList<>(java.util.List.of(quickStart));
        for (Path launcher : java.util.List.of(one, two, one, two)) {
            runs.add(run(launcher, Map.of(), json));
        }

        for (Run r : runs) {
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(JSON.readTree(r.out()).get("repositories")).as(r.out()).hasSize(4);
            assertThat(r.err().lines()).allMatch(l -> l.startsWith("ecrsweep: preparing the start-up cache"));
        }
        Path cache = home.resolve(".cache/ecrsweep");
        java.util.List<Path> archives;
        try (Stream<Path> files = Files.list(cache)) {
            archives = files.filter(p -> p.getFileName().toString().endsWith(".jsa")
                            || p.getFileName().toString().endsWith(".aot"))
                    .sorted()
                    .toList();
        }
        assertThat(archives).as("one cache per copy of the jar").hasSize(3);

        // Another jar's archive under this copy's name: passed over silently, said at -v, on stderr only.
        Path mine = archives.stream()
                .filter(p -> p.getFileName().toString().contains("_one_"))
                .findFirst()
                .orElseThrow();
        Path theirs = archives.stream()
                .filter(p -> p.getFileName().toString().contains("_two_"))
                .findFirst()
                .orElseThrow();
        Files.copy(theirs, mine, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run silent = run(one, Map.of(), json);
        Run verbose = run(one, Map.of(), "list", "--snapshot", registry, "-o", "json", "-v");

        assertThat(JSON.readTree(silent.out()).get("repositories")).hasSize(4);
        assertThat(silent.err()).isEmpty();
        assertThat(JSON.readTree(verbose.out()).get("repositories")).hasSize(4);
        // Java 25's AOT cache says so at -v; a static archive (Java 17 to 24) is passed over without a word.
        assertThat(verbose.err().lines().filter(l -> l.contains("[warning]")))
                .as("-v says at most once, on standard error, that the cache could not be used")
                .hasSizeLessThanOrEqualTo(1);
        // Read early, as in a plain run, and told once by the thread that takes it, with the steps' other lines.
        assertThat(verbose.err().lines().filter(l -> l.contains("registry.json: read and parsed 30 images in")))
                .as(verbose.err())
                .hasSize(1);
        assertThat(verbose.err()).contains("INFO io.github.ecrsweep.").doesNotContain("SLF4J");
    }

    @Test
    void withoutAHomeNoCacheIsMadeWhereAnotherUserCouldHaveMadeItFirst() throws Exception {
        Path shared = Path.of(System.getProperty("java.io.tmpdir"), ".cache", "ecrsweep");
        java.util.Set<String> before = new java.util.HashSet<>();
        if (Files.isDirectory(shared)) {
            try (Stream<Path> files = Files.list(shared)) {
                files.forEach(p -> before.add(p.getFileName().toString()));
            }
        }
        ProcessBuilder pb = new ProcessBuilder(launcher().toString(), "--version")
                .directory(Path.of("").toAbsolutePath().toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("ecrsweep ").doesNotContain("preparing the start-up cache");
        if (Files.isDirectory(shared)) {
            try (Stream<Path> files = Files.list(shared)) {
                assertThat(files.map(f -> f.getFileName().toString())).allMatch(before::contains);
            }
        }
    }
}
