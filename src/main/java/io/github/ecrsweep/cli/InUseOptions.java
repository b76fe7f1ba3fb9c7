package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.InUseSpec;
import io.github.ecrsweep.registry.aws.AwsInUseSources;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What is in use and must not be deleted: the sources to read, each opt-in, all combinable. */
public final class InUseOptions {

    @Option(
            names = "--in-use",
            paramLabel = "SERVICE",
            split = ",",
            converter = ServiceConverter.class,
            description = "Keep what these services run or may start (repeatable, or comma-separated): ecs (running and"
                    + " pending tasks, services' deployments, EventBridge rules and Scheduler schedules that run tasks, the"
                    + " newest --keep-task-definitions revisions of each family, every cluster), lambda (functions of"
                    + " package type Image: $LATEST, versions, aliases), inspector (images Amazon Inspector saw in use"
                    + " within --in-use-within), cloudformation (image URIs in every stack's template and parameters,"
                    + " nested stacks too), batch (the newest --keep-task-definitions revisions of each ACTIVE job"
                    + " definition).")
    List<AwsInUseSources.Service> services = new ArrayList<>();

    @Option(
            names = "--keep-task-definitions",
            paramLabel = "N|all",
            description = "For --in-use ecs and batch: keep the images of the newest N ACTIVE revisions of each task"
                    + " definition family and job definition, so that a rollback to a recent revision stays possible;"
                    + " all keeps every ACTIVE revision (default: 5).")
    String keepRevisions;

    /** The newest revisions kept by default: a manual rollback rarely reaches further back. */
    static final int DEFAULT_REVISIONS = 5;

    @Option(
            names = "--in-use-k8s",
            paramLabel = "FILE",
            description = "Keep what this 'kubectl get ... -A -o json' output runs or could run again (repeatable; -"
                    + " for standard input): Pods by the digests their containers pulled; Deployments, ReplicaSets (old"
                    + " ones are rollback targets), StatefulSets, DaemonSets, ControllerRevisions, Jobs, CronJobs and"
                    + " ReplicationControllers by their pod templates. A kind it does not know refuses the file.")
    List<String> kubernetes = new ArrayList<>();

    @Option(
            names = "--in-use-k8s-context",
            paramLabel = "CONTEXT",
            description = "Keep what the clusters of these kubeconfig contexts run or could run again, read from their"
                    + " APIs in all namespaces with the kubeconfig's own authentication (exec plugins such as 'aws eks"
                    + " get-token' too): the kinds --in-use-k8s reads. A name or a glob over the contexts ('prod-*');"
                    + " repeatable. The kubeconfig is KUBECONFIG's first file, else ~/.kube/config.")
    List<String> kubernetesContexts = new ArrayList<>();

    @Option(
            names = "--pin-file",
            paramLabel = "FILE",
            description = "Keep the images this file names, one per line: repository:tag, repository@sha256:<hex>,"
                    + " sha256:<hex> or a full image URI; # starts a comment (repeatable).")
    List<String> pinFiles = new ArrayList<>();

    @Option(
            names = "--in-use-file",
            paramLabel = "FILE",
            description = "Keep what an earlier 'ecrsweep scan-in-use -o json' found (repeatable), e.g. the workloads"
                    + " of other accounts, or a scan to reproduce a plan offline.")
    List<String> inUseFiles = new ArrayList<>();

    @Option(
            names = "--in-use-within",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "For --in-use inspector: an image Inspector last saw in use this recently counts as in use"
                    + " (default: 30d).")
    Duration inspectorWithin;

    @Option(
            names = "--keep-pulled-within",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Keep every image ECR recorded a pull of this recently (lastRecordedPullTime), e.g. 30d.")
    Duration keepPulledWithin;

    @Option(
            names = "--why",
            paramLabel = "DIGEST",
            description =
                    "Say on stderr, for this image (sha256:<hex>) in every repository planned, every in-use source,"
                            + " pin and recent pull that keeps it and the path through the image graph (an index that lists it,"
                            + " its subject); with scan-in-use, every source that names it.")
    String why;

    @Option(
            names = "--in-use-optional",
            paramLabel = "SOURCE",
            split = ",",
            description = "Go on, with a warning, when this source cannot be read: ecs, lambda, inspector,"
                    + " cloudformation, batch, k8s, k8s-context,"
                    + " pin-file, in-use-file (or one file: k8s:FILE). By default a source that cannot be read stops the"
                    + " run before anything is deleted.")
    List<String> optional = new ArrayList<>();

    /** The sources, as the user named them; wrong combinations fail here, before anything is read. */
    InUseRequest request(boolean stdinTaken) {
        if (inspectorWithin != null && !services.contains(AwsInUseSources.Service.INSPECTOR)) {
            throw new UserError(ExitCode.USAGE, "--in-use-within applies to --in-use inspector only");
        }
        Integer revisions = revisions();
        List<InUseSpec> sources = new ArrayList<>();
        for (AwsInUseSources.Service service : new LinkedHashSet<>(services)) {
            boolean definitions = service == AwsInUseSources.Service.ECS || service == AwsInUseSources.Service.BATCH;
            sources.add(InUseSpec.service(
                    RegistryFactory.kind(service),
                    service == AwsInUseSources.Service.INSPECTOR ? inspectorWithin : null,
                    definitions ? revisions : null));
        }
        kubernetes.forEach(f -> sources.add(InUseSpec.file(InUseSpec.Kind.K8S, f)));
        kubernetesContexts.forEach(c -> sources.add(InUseSpec.file(InUseSpec.Kind.K8S_CONTEXT, c)));
        pinFiles.forEach(f -> sources.add(InUseSpec.file(InUseSpec.Kind.PIN_FILE, f)));
        inUseFiles.forEach(f -> sources.add(InUseSpec.file(InUseSpec.Kind.IN_USE_FILE, f)));
        long fromStdin = sources.stream().filter(InUseSpec::isStdin).count();
        if (fromStdin + (stdinTaken ? 1 : 0) > 1) {
            throw new UserError(
                    ExitCode.USAGE, "only one input can be standard input (-): the policy or one in-use source");
        }
        Set<String> known = new LinkedHashSet<>();
        for (InUseSpec s : sources) {
            known.add(s.name());
            known.add(s.kind().code());
        }
        for (String name : optional) {
            if (!known.contains(name)) {
                throw new UserError(
                        ExitCode.USAGE,
                        "--in-use-optional " + Text.safe(name) + " names no source of this run"
                                + (known.isEmpty() ? "" : "; the sources are " + String.join(", ", known)));
            }
        }
        return new InUseRequest(sources, Set.copyOf(optional), keepPulledWithin, why());
    }

    /** --why as a digest, refused when it is none. */
    io.github.ecrsweep.rules.Digest why() {
        if (why == null) {
            return null;
        }
        if (!io.github.ecrsweep.rules.Digest.isValid(why.trim())) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--why takes an image digest, sha256:<64 hex digits>, not '" + Text.safe(why) + "'");
        }
        return io.github.ecrsweep.rules.Digest.of(why.trim());
    }

    /** --keep-task-definitions as a count, null for all; refused without a source it applies to. */
    private Integer revisions() {
        if (keepRevisions == null) {
            return DEFAULT_REVISIONS;
        }
        if (!services.contains(AwsInUseSources.Service.ECS) && !services.contains(AwsInUseSources.Service.BATCH)) {
            throw new UserError(ExitCode.USAGE, "--keep-task-definitions applies to --in-use ecs and batch only");
        }
        String value = keepRevisions.trim();
        if (value.equalsIgnoreCase("all")) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new UserError(
                ExitCode.USAGE,
                "--keep-task-definitions takes a count of at least 1 or 'all', not '" + Text.safe(keepRevisions) + "'");
    }

    static final class ServiceConverter implements ITypeConverter<AwsInUseSources.Service> {
        @Override
        public AwsInUseSources.Service convert(String value) {
            for (AwsInUseSources.Service s : AwsInUseSources.Service.values()) {
                if (s.code().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new TypeConversionException("'" + Text.safe(value)
                    + "' is not an in-use service; use ecs, lambda, inspector, cloudformation or batch"
                    + " (Kubernetes: --in-use-k8s FILE; pin lists: --pin-file FILE)");
        }
    }
}
