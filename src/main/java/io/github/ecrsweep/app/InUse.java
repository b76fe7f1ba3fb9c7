package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.inuse.ImageReference;
import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.registry.inuse.InUseSource;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.Pins;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the in-use sources found, read once per run before anything is planned, and how it pins the
 * images of each repository. A source that cannot be read stops the run before anything is deleted,
 * unless the user made it optional; then it is reported as not read.
 */
public final class InUse {

    /**
     * How one source went.
     *
     * @param spec       the source as the user named it
     * @param references what it reported (0 when it failed)
     * @param failure    why it could not be read, for an optional source; null when it was read
     * @param sha256     for a file: the SHA-256 of the text read; null for a service or a file not read
     * @param optional   whether the run would have gone on without it
     * @param where      for a service: the account (when the target names it) and region it was read in; null
     *                   for a file
     * @param unresolved references the source saw and could not resolve to an image, by where they are
     */
    public record Scan(
            InUseSpec spec,
            int references,
            CallStatistics calls,
            long millis,
            String failure,
            String sha256,
            boolean optional,
            Location where,
            Map<String, Integer> unresolved) {

        public Scan {
            unresolved = unresolved == null ? Map.of() : Map.copyOf(unresolved);
        }

        /** The source's name: {@code ecs}, {@code k8s:pods.json}. */
        public String source() {
            return spec.name();
        }
    }

    private static final InUse NONE = new InUse(List.of(), List.of(), null, null);

    private final List<InUseReference> references;
    private final List<Scan> scans;
    private final Duration keepPulledWithin;
    private final io.github.ecrsweep.rules.Digest why;
    private final Map<String, List<InUseReference>> byRepository = new HashMap<>();
    private final List<InUseReference> anyRepository = new ArrayList<>();

    private InUse(
            List<InUseReference> references,
            List<Scan> scans,
            Duration keepPulledWithin,
            io.github.ecrsweep.rules.Digest why) {
        this.why = why;
        this.references = List.copyOf(references);
        this.scans = List.copyOf(scans);
        this.keepPulledWithin = keepPulledWithin;
        for (InUseReference r : references) {
            if (r.image().repository() == null) {
                anyRepository.add(r);
            } else {
                byRepository
                        .computeIfAbsent(r.image().repository(), k -> new ArrayList<>())
                        .add(r);
            }
        }
    }

    public static InUse none() {
        return NONE;
    }

    /** {@code --why}: the image whose pins the run explains; null when not asked. */
    public io.github.ecrsweep.rules.Digest why() {
        return why;
    }

    /**
     * Reads every source of the request, in parallel, opened for {@code target}. A source that fails stops the
     * run with one line that names it, before anything is planned; an optional one is a warning, and its images
     * are not protected.
     */
    public static InUse scan(
            InUseRequest request, Target target, InUseSources opener, Ticker ticker, Diagnostics diagnostics) {
        if (!request.isActive()) {
            return request.why() == null ? NONE : new InUse(List.of(), List.of(), null, request.why());
        }
        List<InUseSpec> specs = request.sources();
        Fleet fleet = new Fleet(Math.max(1, specs.size()), Progress.NONE);
        List<Read> reads = fleet.map(
                "Scanning",
                specs,
                spec -> target.usesSnapshots() && !spec.kind().isFile()
                        ? offline(spec)
                        : read(spec, opener.open(spec, target, ticker.now()), ticker));
        Location service = new Location(target.knownAccount(), target.region());
        List<InUseReference> references = new ArrayList<>();
        List<Scan> scans = new ArrayList<>();
        for (Read read : reads) {
            InUseSpec spec = read.spec();
            boolean optional = request.isOptional(spec);
            if (read.failure() == null) {
                references.addAll(read.references());
                scans.add(new Scan(
                        spec,
                        read.references().size(),
                        read.calls(),
                        read.millis(),
                        null,
                        read.sha256(),
                        optional,
                        spec.kind().isFile() ? null : service,
                        read.unresolved()));
                if (!read.unresolved().isEmpty()) {
                    diagnostics.warn("in-use source '" + spec.name() + "': "
                            + read.unresolved().values().stream()
                                    .mapToInt(Integer::intValue)
                                    .sum()
                            + " image references could not be resolved ("
                            + read.unresolved().entrySet().stream()
                                    .map(e -> io.github.ecrsweep.report.Text.safe(e.getKey()) + " " + e.getValue())
                                    .collect(java.util.stream.Collectors.joining(", "))
                            + "); the images they name are not protected, pin them with --pin-file");
                }
                continue;
            }
            RegistryException e = read.failure();
            if (!optional) {
                throw new UserError(
                        e.kind() == RegistryException.Kind.INVALID_SNAPSHOT ? ExitCode.USAGE : ExitCode.FAILED,
                        "in-use source '" + spec.name() + "' cannot be read, so nothing was planned or changed: "
                                + e.getMessage() + " (--in-use-optional "
                                + spec.kind().code()
                                + " goes on without it)");
            }
            diagnostics.warn("in-use source '" + spec.name() + "' was not read (" + e.getMessage()
                    + "); the images only it reports are not protected");
            scans.add(new Scan(
                    spec,
                    0,
                    read.calls(),
                    read.millis(),
                    e.getMessage(),
                    null,
                    true,
                    spec.kind().isFile() ? null : service,
                    Map.of()));
        }
        return new InUse(references, scans, request.keepPulledWithin(), request.why());
    }

    /** How many targets' services are read at once. */
    private static final int TARGETS_AT_ONCE = 8;

    /**
     * Reads the sources for several targets: each file once, each service in every target (a target names an
     * account and region), as one scan. As with one target, a source that fails stops the run unless optional.
     */
    public static InUse scanEach(
            InUseRequest request, List<Target> targets, InUseSources opener, Ticker ticker, Diagnostics diagnostics) {
        if (targets.size() == 1) {
            return scan(request, targets.get(0), opener, ticker, diagnostics);
        }
        List<InUseSpec> files =
                request.sources().stream().filter(s -> s.kind().isFile()).toList();
        List<InUseSpec> services =
                request.sources().stream().filter(s -> !s.kind().isFile()).toList();
        List<InUse> parts = new ArrayList<>();
        parts.add(scan(new InUseRequest(files, request.optional(), null), targets.get(0), opener, ticker, diagnostics));
        if (!services.isEmpty()) {
            InUseRequest each = new InUseRequest(services, request.optional(), null);
            parts.addAll(new Fleet(Math.min(TARGETS_AT_ONCE, targets.size()), Progress.NONE)
                    .map("Scanning", targets, target -> scan(each, target, opener, ticker, diagnostics)));
        }
        List<InUseReference> references = new ArrayList<>();
        List<Scan> scans = new ArrayList<>();
        for (InUse part : parts) {
            references.addAll(part.references);
            scans.addAll(part.scans);
        }
        return new InUse(references, scans, request.keepPulledWithin(), request.why());
    }

    /** One source read: what it reported and how it went, or why it could not be read. */
    private record Read(
            InUseSpec spec,
            List<InUseReference> references,
            CallStatistics calls,
            long millis,
            String sha256,
            RegistryException failure,
            Map<String, Integer> unresolved) {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InUse.class);

    /** A service source in a run on snapshot files: there is no account to read it in, and its scan stands in. */
    private static Read offline(InUseSpec spec) {
        return new Read(
                spec,
                List.of(),
                io.github.ecrsweep.registry.CallStatistics.NONE,
                0,
                null,
                new RegistryException(
                        RegistryException.Kind.INVALID_SNAPSHOT,
                        "snapshot files are read offline, and " + spec.name() + " is an AWS service: pass what it"
                                + " runs with --in-use-file, as 'ecrsweep scan-in-use --in-use "
                                + spec.kind().code()
                                + " -o json' writes it (examples/in-use/scan.json is one)"),
                Map.of());
    }

    private static Read read(InUseSpec spec, InUseSource source, Ticker ticker) {
        long started = ticker.nanos();
        try {
            List<InUseReference> found = source.scan();
            Map<String, Integer> others = source.otherRegistries();
            if (!others.isEmpty()) {
                // Shown at -v: what the source read that names no ECR registry, so that nothing is dropped unseen.
                LOG.info(
                        "in-use source '{}': {} references of ECR registries; {} of other registries ({}), which"
                                + " protect nothing in ECR",
                        spec.name(),
                        found.size(),
                        others.values().stream().mapToInt(Integer::intValue).sum(),
                        others.entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .collect(java.util.stream.Collectors.joining(", ")));
            }
            return new Read(
                    spec,
                    found,
                    source.statistics(),
                    ticker.millisSince(started),
                    source.sha256(),
                    null,
                    source.unresolved());
        } catch (RegistryException e) {
            return new Read(spec, List.of(), source.statistics(), ticker.millisSince(started), null, e, Map.of());
        }
    }

    /** Whether anything protects images in use in this run. */
    public boolean isActive() {
        return !scans.isEmpty() || keepPulledWithin != null;
    }

    public List<InUseReference> references() {
        return references;
    }

    public List<Scan> scans() {
        return scans;
    }

    /** The --keep-pulled-within window, or null. */
    public Duration keepPulledWithin() {
        return keepPulledWithin;
    }

    /**
     * The pins of one repository of the registry at {@code where}: references to it (by ECR host of that
     * account and region, or without a host) by digest or by tag, bare digests, and with
     * {@code keepPulledWithin} every image whose last recorded pull is that recent.
     */
    public Pins pinsFor(Location where, String repository, List<Image> images, Instant now) {
        Pins.Builder pins = Pins.builder();
        for (List<InUseReference> refs : List.of(byRepository.getOrDefault(repository, List.of()), anyRepository)) {
            for (InUseReference r : refs) {
                ImageReference image = r.image();
                if (!image.appliesTo(where)) {
                    continue;
                }
                if (image.digest() != null) {
                    pins.digest(image.digest(), r.source());
                } else if (image.tag() != null) {
                    pins.tag(image.tag(), r.source());
                }
            }
        }
        if (keepPulledWithin != null) {
            Instant since = now.minus(keepPulledWithin);
            for (Image image : images) {
                Instant pulled = image.lastRecordedPullTime();
                if (pulled != null && !pulled.isBefore(since)) {
                    pins.digest(
                            image.digest(),
                            "pull:lastRecordedPullTime="
                                    + pulled.atOffset(ZoneOffset.UTC).toLocalDate());
                }
            }
        }
        return pins.build();
    }
}
