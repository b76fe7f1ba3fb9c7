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
            description = "Keep what these services run or may start (repeatable, or comma-separated): ecs (running"
                    + " tasks, services' deployments, ACTIVE task definitions, every cluster), lambda (functions of package"
                    + " type Image: $LATEST, versions, aliases), inspector (images Amazon Inspector saw in use within"
                    + " --in-use-within).")
    List<AwsInUseSources.Service> services = new ArrayList<>();

    @Option(
            names = "--in-use-k8s",
            paramLabel = "FILE",
            description = "Keep what the pods of this 'kubectl get pods -A -o json' output run, by the digests their"
                    + " containers pulled (repeatable; - for standard input).")
    List<String> kubernetes = new ArrayList<>();

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
            names = "--in-use-optional",
            paramLabel = "SOURCE",
            split = ",",
            description = "Go on, with a warning, when this source cannot be read: ecs, lambda, inspector, k8s,"
                    + " pin-file, in-use-file (or one file: k8s:FILE). By default a source that cannot be read stops the"
                    + " run before anything is deleted.")
    List<String> optional = new ArrayList<>();

    /** The sources, as the user named them; wrong combinations fail here, before anything is read. */
    InUseRequest request(boolean stdinTaken) {
        if (inspectorWithin != null && !services.contains(AwsInUseSources.Service.INSPECTOR)) {
            throw new UserError(ExitCode.USAGE, "--in-use-within applies to --in-use inspector only");
        }
        List<InUseSpec> sources = new ArrayList<>();
        for (AwsInUseSources.Service service : new LinkedHashSet<>(services)) {
            sources.add(InUseSpec.service(
                    RegistryFactory.kind(service),
                    service == AwsInUseSources.Service.INSPECTOR ? inspectorWithin : null));
        }
        kubernetes.forEach(f -> sources.add(InUseSpec.file(InUseSpec.Kind.K8S, f)));
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
        return new InUseRequest(sources, Set.copyOf(optional), keepPulledWithin);
    }

    static final class ServiceConverter implements ITypeConverter<AwsInUseSources.Service> {
        @Override
        public AwsInUseSources.Service convert(String value) {
            for (AwsInUseSources.Service s : AwsInUseSources.Service.values()) {
                if (s.code().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new TypeConversionException(
                    "'" + Text.safe(value) + "' is not an in-use service; use ecs, lambda or inspector"
                            + " (Kubernetes: --in-use-k8s FILE; pin lists: --pin-file FILE)");
        }
    }
}
