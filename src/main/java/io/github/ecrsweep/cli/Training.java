package io.github.ecrsweep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind the launcher's class-data-sharing archive: the commands users run most,
 * on the bundled example registry and policy, and the AWS client stack against a closed port on this
 * machine, with no output. It never connects beyond loopback (the SDK's own SdkWarmUp is not used: it
 * calls the public STS endpoint). Run by the launcher ({@code src/main/sh/ecrsweep}) once per jar and JVM.
 */
public final class Training {

    private Training() {}

    /** A closed port on this machine: a call there fails at once, and never leaves the machine. */
    private static final String CLOSED = "http://127.0.0.1:9";

    /** {@code command} against {@code endpoint} on this machine, with one attempt and no manifest cache. */
    private static String[] against(String endpoint, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--region", "us-east-1", "--endpoint-url", endpoint, "--max-attempts", "1", "--no-manifest-cache"));
        return args.toArray(String[]::new);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // The class the launcher names, so that the archive holds it too rather than every run reading it from the
        // jar before main; named, not called: the commands depend on nothing above them (ArchitectureTest).
        try {
            Class.forName("io.github.ecrsweep.Main", false, Training.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the launcher's main class is missing from the jar", e);
        }
        Path dir = Files.createTempDirectory("ecrsweep-training");
        try {
            Path registry = copy("/training/registry.json", dir.resolve("registry.json"));
            Path policy = copy("/training/policies/expire-untagged-after-14-days.json", dir.resolve("policy.json"));
            String[][] commands = {
                {"--version"},
                {"validate", policy.toString()},
                {"list", "--snapshot", registry.toString()},
                {"list", "--images", "--all", "--snapshot", registry.toString(), "-o", "json"},
                {"delete-untagged", "--all", "--snapshot", registry.toString()},
                {"delete-untagged", "--all", "--snapshot", registry.toString(), "-o", "json", "--explain"},
                {"put-policy", "-r", "platform/web", "--policy", policy.toString(), "--snapshot", registry.toString()},
                {"apply-all", "--policy", policy.toString(), "--snapshot", registry.toString(), "-o", "csv"},
                // The real client stack (HTTP client, credentials, retries, metrics) against a closed local
                // port: it loads what an AWS run loads, and fails at once without leaving the machine. Every
                // command that would reach AWS names this endpoint: training never opens a connection elsewhere.
                against(CLOSED, "list", "-r", "training"),
                against(CLOSED, "delete-untagged", "--all", "--dry-run"),
            };
            System.setProperty("aws.disableEc2Metadata", "true");
            System.setProperty("aws.accessKeyId", "training");
            System.setProperty("aws.secretAccessKey", "training");
            PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
            // What a run against AWS starts on the other core first (with the TLS set-up, which reads local files
            // only), so that it too starts from the archive.
            RegistryFactory.preparing(() -> io.github.ecrsweep.registry.aws.WarmUp.run(true))
                    .join();
            // The process's own environment, as a run makes it (made, not used: its prompter asks a person).
            Cli.Environment.process(sink, sink);
            for (String[] command : commands) {
                // What the process's own start prepares for this command line (a snapshot's files read early, the
                // AWS warm-up), as Main does, with no environment of the user's.
                RegistryFactory.prepare(java.util.Map.of(), command);
                Cli.create(Cli.Environment.unattended(sink), command).execute(command);
            }
            answered(sink);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The commands run most against AWS, answered by a registry of one repository on a loopback port of this
     * process: what reading and deleting load (the answers read, the models made), not only the requests sent.
     * Left out where the JDK has no HTTP server module (a trimmed runtime): the cache is then only smaller.
     */
    private static void answered(PrintWriter sink) {
        TrainingRegistry registry;
        try {
            registry = TrainingRegistry.start();
        } catch (IOException | LinkageError e) {
            return;
        }
        try {
            for (String[] command : new String[][] {
                {"list", "-r", "training"},
                {"list", "--images", "-r", "training"},
                {"delete-untagged", "--all", "--dry-run"},
                {"delete-untagged", "-r", "training", "--yes", "-o", "json"},
            }) {
                String[] args = against(registry.endpoint(), command);
                Cli.create(Cli.Environment.unattended(sink), args).execute(args);
            }
        } finally {
            registry.stop();
        }
    }

    private static Path copy(String resource, Path to) throws IOException {
        try (InputStream in = Training.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing training resource " + resource);
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }
}
