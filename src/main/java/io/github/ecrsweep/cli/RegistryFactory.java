package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.InUseSources;
import io.github.ecrsweep.app.InUseSpec;
import io.github.ecrsweep.app.Organization;
import io.github.ecrsweep.app.Registries;
import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.registry.aws.AwsInUseSources;
import io.github.ecrsweep.registry.aws.EcrRegistry;
import io.github.ecrsweep.registry.aws.EcrSettings;
import io.github.ecrsweep.registry.aws.OrganizationAccounts;
import io.github.ecrsweep.registry.inuse.FileText;
import io.github.ecrsweep.registry.inuse.InUseFile;
import io.github.ecrsweep.registry.inuse.KubernetesPods;
import io.github.ecrsweep.registry.inuse.PinFile;
import io.github.ecrsweep.registry.k8s.KubernetesClusters;
import io.github.ecrsweep.registry.snapshot.SnapshotRegistry;
import io.github.ecrsweep.report.ReportWriter;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The adapters of this process behind the application layer's ports: snapshot files or Amazon ECR for a
 * target, the in-use sources (files, and ECS, Lambda and Inspector in a target's account), and the caller's
 * AWS Organization.
 */
public final class RegistryFactory {

    /** How long one API call may take, retries included. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);

    /** Inspector's window when --in-use-within does not say. */
    static final Duration DEFAULT_INSPECTOR_WITHIN = Duration.ofDays(30);

    private RegistryFactory() {}

    /** Commands that never call AWS: no TLS to prepare for them. */
    private static final java.util.Set<String> OFFLINE =
            java.util.Set.of("validate", "report", "help", "generate-completion");

    /**
     * Prepares on another core what the run's first AWS client will need (the SDK's client stack, and the TLS
     * set-up unless the ECR endpoint is plain HTTP, an emulator), when the command line says the run calls AWS:
     * not for --version or --help, a command that reads files only, or a verbose run. A run on snapshots, which
     * makes no client, has its files read there instead ({@link EarlySnapshot}), and then the report's JSON
     * writer prepared, while the run plans; a verbose one too, since neither logs (what the read took is told by
     * the main thread when it takes the registry), so that the steps {@code -v} times are those of a plain run.
     */
    public static void prepare(String... args) {
        prepare(System.getenv(), args);
    }

    /** Whether the TLS set-up was started (with the client stack's), for this environment and command line. */
    static boolean prepare(java.util.Map<String, String> environment, String... args) {
        String command = null;
        String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL_ECR", environment.get("AWS_ENDPOINT_URL"));
        java.util.List<String> snapshots = new java.util.ArrayList<>();
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--verbose") || (a.startsWith("-") && !a.startsWith("--") && a.indexOf('v') > 0)) {
                verbose = true;
            }
            if (a.equals("--version") || a.equals("-V") || a.equals("--help") || a.equals("-h")) {
                return false;
            }
            if (a.equals("--endpoint-url") && i + 1 < args.length) {
                endpoint = args[i + 1];
            } else if (a.startsWith("--endpoint-url=")) {
                endpoint = a.substring("--endpoint-url=".length());
            }
            if (a.equals("--snapshot") && i + 1 < args.length) {
                snapshots.add(args[i + 1]);
            } else if (a.startsWith("--snapshot=")) {
                snapshots.add(a.substring("--snapshot=".length()));
            }
            if (command == null && !a.startsWith("-")) {
                command = a;
            }
        }
        if (!snapshots.isEmpty()) {
            Runnable json = jsonPreparation(!"list".equals(command));
            if (readEarly(snapshots, quietly(json)) == null) {
                preparing(json);
            }
            return false;
        }
        // -v sets the log levels once the command line is read, before any logger is made; the warm-up's SDK
        // classes would make theirs first.
        if (verbose || command == null || OFFLINE.contains(command)) {
            return false;
        }
        boolean tls = endpoint == null || !endpoint.regionMatches(true, 0, "http://", 0, 7);
        preparing(() -> io.github.ecrsweep.registry.aws.WarmUp.run(tls));
        return tls;
    }

    /** Starts {@code work} on a daemon thread that only prepares ({@link #quietly}), and returns the thread. */
    static Thread preparing(Runnable work) {
        Thread t = new Thread(quietly(work), "ecrsweep-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The snapshot files as the command line will name them, read early and then {@code then} run on the same
     * thread; the thread, or null when one is not a path or cannot be looked at.
     */
    private static Thread readEarly(java.util.List<String> files, Runnable then) {
        java.util.List<java.nio.file.Path> paths = new java.util.ArrayList<>();
        for (String file : files) {
            try {
                paths.add(java.nio.file.Path.of(file));
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
        }
        return EarlySnapshot.start(paths, then);
    }

    /**
     * Prepares JSON ({@link ReportWriter#prepare}), for another thread than the main one: the class is first
     * touched there. A failure there is left to the run's own reader or writer, which reports it.
     */
    private static Runnable jsonPreparation(boolean report) {
        return () -> ReportWriter.prepare(report);
    }

    /**
     * {@code work} for a thread of its own that only prepares: whatever it throws, a heap run out included (a
     * snapshot read early can fill it), the run meets again where it is reported. Nothing reaches the thread's
     * default handler, which would print a stack trace.
     */
    static Runnable quietly(Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                // the run meets it again where it is reported
            }
        };
    }

    public static Registries standard() {
        return target -> target.usesSnapshots() ? snapshot(target.snapshots()) : EcrRegistry.create(settings(target));
    }

    /** The registry of snapshot files: read early on the other core (see {@link #prepare}), or read now. */
    static SnapshotRegistry snapshot(java.util.List<java.nio.file.Path> files) {
        SnapshotRegistry early = EarlySnapshot.take(files);
        return early != null ? early : SnapshotRegistry.load(files);
    }

    /** Closes what the run shares between its targets (the STS client, the roles assumed) once it is done. */
    public static void closeSessions() {
        EcrRegistry.closeSessions();
    }

    /** How the AWS adapters reach a target. */
    static EcrSettings settings(Target target) {
        Target.Access a = target.access();
        return new EcrSettings(
                target.region(),
                target.profile(),
                a.endpoint(),
                a.registryId(),
                a.maxAttempts(),
                CALL_TIMEOUT,
                a.manifests(),
                a.allowInsecureEndpoint(),
                target.role(),
                a.maxRate());
    }

    /**
     * The run's own credentials in the target's profile and region, without the role it may assume nor ECR's
     * endpoint: what notifications, metrics and the audit's S3 object are sent with.
     */
    static EcrSettings ownSettings(Target target) {
        EcrSettings settings = settings(target);
        return new EcrSettings(
                settings.region(),
                settings.profile(),
                null,
                null,
                settings.maxAttempts(),
                settings.callTimeout(),
                settings.manifests(),
                settings.allowInsecureEndpoint());
    }

    /** The in-use sources: files as given ({@code -}: this standard input), services in the target's account. */
    static InUseSources inUseSources(Supplier<InputStream> stdin) {
        return (spec, target, now) -> switch (spec.kind()) {
            case ECS, LAMBDA, CLOUDFORMATION, BATCH ->
                AwsInUseSources.of(service(spec.kind()), settings(target), now, null, spec.revisions());
            case INSPECTOR ->
                AwsInUseSources.of(
                        AwsInUseSources.Service.INSPECTOR,
                        settings(target),
                        now,
                        spec.within() == null ? DEFAULT_INSPECTOR_WITHIN : spec.within(),
                        null);
            case K8S -> new KubernetesPods(FileText.of(spec.file(), stdin));
            case K8S_CONTEXT -> new KubernetesClusters(spec.file(), System.getenv());
            case PIN_FILE -> new PinFile(FileText.of(spec.file(), stdin));
            case IN_USE_FILE -> new InUseFile(FileText.of(spec.file(), stdin));
        };
    }

    /** The caller's organization, read with the run's own credentials when --org-accounts asks. */
    static Organization organization() {
        return new Organization() {
            @Override
            public java.util.List<String> activeAccounts(Target caller, java.util.List<String> units) {
                return OrganizationAccounts.list(settings(caller), units);
            }

            @Override
            public java.util.Optional<String> managementAccount(Target caller) {
                return OrganizationAccounts.management(settings(caller));
            }
        };
    }

    /** A spec's kind as the command line names the service. */
    static InUseSpec.Kind kind(AwsInUseSources.Service service) {
        return InUseSpec.Kind.valueOf(service.name());
    }

    /** The service a spec of a service kind reads. */
    static AwsInUseSources.Service service(InUseSpec.Kind kind) {
        return AwsInUseSources.Service.valueOf(kind.name());
    }
}
