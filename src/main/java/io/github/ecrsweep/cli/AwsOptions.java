package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.InUse;
import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.app.TargetChoice;
import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.ManifestCache;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Format;
import io.github.ecrsweep.report.TargetDocuments;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How every AWS call of a run is made, whatever its targets: the endpoint, another account's registry, retries
 * and rate, the manifest cache, the time plans are computed for, and the call statistics.
 */
public final class AwsOptions {

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            converter = UrlConverter.class,
            description =
                    "ECR API endpoint override (a VPC endpoint or an emulator). Plain http:// only for this machine"
                            + " (localhost, 127.0.0.1, ::1) unless --allow-insecure-endpoint.")
    URI endpoint;

    @Option(
            names = "--allow-insecure-endpoint",
            description = "Allow an http:// endpoint on another host: signed requests,"
                    + " and the session token, then cross the network in clear text.")
    boolean allowInsecureEndpoint;

    /** Where manifests are kept, or that none are: one or the other. */
    static final class Manifests {
        @Option(
                names = "--manifest-cache",
                paramLabel = "DIR",
                required = true,
                description = "Where index manifests are kept between runs"
                        + " (default: $XDG_CACHE_HOME/ecrsweep/manifests or ~/.cache/ecrsweep/manifests). Manifests never"
                        + " change, and every read from ECR can count as a pull.")
        Path directory;

        @Option(
                names = "--no-manifest-cache",
                required = true,
                description = "Keep no manifests on disk: read them from ECR every run.")
        boolean none;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Manifests manifests;

    @Option(
            names = "--registry-id",
            paramLabel = "ID",
            converter = RegistryIdConverter.class,
            description = "Another account's registry (12 digits); default: the caller's.")
    String registryId;

    @Option(
            names = "--now",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            description =
                    "Evaluate ages as of this ISO-8601 time (e.g. 2026-06-15T12:00:00Z), for --dry-run and --snapshot"
                            + " only: a real run always ages images by the clock. Default: the clock, or for ecrsweep exports the"
                            + " time they were exported.")
    Instant now;

    @Option(
            names = "--max-attempts",
            paramLabel = "N",
            defaultValue = "5",
            converter = AtLeastOne.class,
            description =
                    "Attempts per AWS call before a throttled or failing call gives up (default: ${DEFAULT-VALUE}).")
    int maxAttempts = Target.Access.DEFAULT_MAX_ATTEMPTS;

    @Option(
            names = "--max-rate",
            paramLabel = "CALLS",
            converter = Rate.class,
            description = "At most this many calls per second of each ECR operation in each account and region."
                    + " Default: no ceiling; AWS publishes no rate quota for the calls ecrsweep makes most, and each"
                    + " operation slows down on its own when ECR throttles it.")
    Double maxRate;

    @Option(
            names = "--stats",
            description = "Print on stderr the AWS calls made, per operation, with retries, throttling and time.")
    boolean stats;

    /** How every call is made, as plain values. */
    Target.Access access() {
        return new Target.Access(
                endpoint, registryId, maxAttempts, maxRate == null ? 0 : maxRate, allowInsecureEndpoint, manifests());
    }

    private ManifestCache manifests() {
        if (manifests != null && manifests.none) {
            return ManifestCache.none();
        }
        if (manifests != null && manifests.directory != null) {
            return ManifestCache.in(manifests.directory);
        }
        // As the launcher and other command-line tools: $XDG_CACHE_HOME, else $HOME/.cache (Java's user.home ignores
        // $HOME).
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getenv("HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
        return ManifestCache.in(base.resolve("ecrsweep").resolve("manifests"));
    }

    /** --now ages images as of another time: fine for a plan to look at, never for one that deletes. */
    void checkNowOnlyForPlans(boolean dryRun, boolean snapshots) {
        if (now != null && !dryRun && !snapshots) {
            throw new UserError(
                    ExitCode.USAGE, "--now is only for --dry-run and --snapshot: a real run ages images by the clock");
        }
    }

    /** --now, else the moment a snapshot export shows, else the clock. */
    Instant now(Clock clock, Registry registry) {
        return now != null ? now : registry.capturedAt().orElseGet(clock::instant);
    }

    /** Work done with an open registry, at the time plans are computed for. */
    @FunctionalInterface
    interface RegistryWork<T> {
        T run(Registry registry, Instant now);
    }

    /**
     * Opens the one registry {@code target} names, runs {@code work} with it and the evaluation time, closes it,
     * and reports the calls made (--stats) however the work ends.
     */
    <T> T withRegistry(Context context, PrintWriter err, TargetChoice target, RegistryWork<T> work) {
        List<Target> targets = target.resolve(context.organization());
        if (targets.size() > 1) {
            throw new UserError(
                    ExitCode.USAGE, "this reads one account and region; the options name " + targets.size());
        }
        return withRegistry(context, err, targets.get(0), null, work);
    }

    private <T> T withRegistry(Context context, PrintWriter err, Target target, String label, RegistryWork<T> work) {
        long started = context.ticker().nanos();
        try (Registry registry = context.registries().open(target)) {
            try {
                return work.run(registry, now(context.clock(), registry));
            } finally {
                report(label, registry.statistics(), context.ticker().millisSince(started), err);
            }
        }
    }

    /** What a reading command found in one target, and where that was. */
    record Found(BiConsumer<Format, PrintWriter> document, Location where) {}

    /**
     * Prints what {@code read} finds in each target of {@code choice}, and returns the exit code. One target
     * prints its document as it always did, and its failure stops the run. Several are read one after another
     * and printed as {@link TargetDocuments}: a target that fails is reported in its place and the others go on
     * (exit 1).
     */
    int printEach(
            Context context,
            PrintWriter out,
            PrintWriter err,
            OutputOptions output,
            TargetChoice choice,
            RegistryWork<Found> read) {
        List<Target> targets = choice.resolve(context.organization(), Cli.diagnostics(err));
        if (targets.size() == 1) {
            output.print(
                    out, withRegistry(context, err, targets.get(0), null, read).document());
            return ExitCode.OK.code();
        }
        List<TargetDocuments.Part> parts = new ArrayList<>();
        for (Target target : targets) {
            try {
                Found found = withRegistry(context, err, target, target.label(), read);
                parts.add(new TargetDocuments.Part(
                        found.where().describe(),
                        found.where().account(),
                        found.where().region(),
                        found.document(),
                        null));
            } catch (UserError | RegistryException e) {
                parts.add(TargetDocuments.Part.failed(
                        target.label(), target.knownAccount(), target.region(), e.getMessage()));
            }
        }
        output.print(
                out,
                (format, w) -> TargetDocuments.write(
                        parts, format, w, format == Format.table && w == out ? output.width(context) : 0));
        return TargetDocuments.exitCode(parts).code();
    }

    /**
     * Prints the calls a target made on stderr when asked with --stats, and logs them at debug level (-vv)
     * always; the line is led by the target's name ({@code account 1111 (eu-west-1): }) when there are several.
     */
    void report(String target, CallStatistics statistics, long millis, PrintWriter err) {
        print(
                () -> (target == null ? "" : target + ": ")
                        + String.format(
                                Locale.ROOT, "AWS calls: %s in %.1f s", calls(statistics, "none"), millis / 1e3),
                err);
    }

    /** With --stats, a line per in-use source on stderr: its calls, what it found and how long it took. */
    void reportInUse(List<InUse.Scan> scans, PrintWriter err) {
        for (InUse.Scan scan : scans) {
            print(
                    () -> String.format(
                            Locale.ROOT,
                            "In-use source %s: %s, %d references in %.1f s",
                            scan.source(),
                            calls(scan.calls(), "no AWS calls"),
                            scan.references(),
                            scan.millis() / 1e3),
                    err);
        }
    }

    /** {@code DescribeImages 3, ListImages 1 (4 calls, 0 retries, 0 throttled)}, operations in name order. */
    private static String calls(CallStatistics s, String none) {
        String calls = s.calls().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "%s (%d calls, %d retries, %d throttled)",
                calls.isEmpty() ? none : calls,
                s.total(),
                s.retries(),
                s.throttled());
    }

    /** The line, made only when it is printed or logged: its formatting reads the JDK's locale data at its first use. */
    private void print(java.util.function.Supplier<String> made, PrintWriter err) {
        org.slf4j.Logger log = LoggerFactory.getLogger(AwsOptions.class);
        if (!stats && !log.isDebugEnabled()) {
            return;
        }
        String line = made.get();
        log.debug(line);
        if (stats) {
            err.println(Text.safe(line));
            err.flush();
        }
    }

    /** A whole number of at least 1. */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // told below
            }
            throw new TypeConversionException("'" + Text.safe(value) + "' is not a whole number of at least 1");
        }
    }

    /** A positive, finite number of calls per second. */
    static final class Rate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double rate = Double.parseDouble(value.trim());
                if (rate > 0 && !Double.isInfinite(rate)) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // told below
            }
            throw new TypeConversionException(
                    "'" + Text.safe(value) + "' is not a positive number of calls per second");
        }
    }

    /** An http(s) URL with a host and no user information (which could be a secret, and is never repeated). */
    static final class UrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            // Whatever is before an @ may be a user name and password: it never appears in a message.
            String shown = value.contains("@") ? "the URL" : "'" + Text.safe(value) + "'";
            try {
                URI uri = new URI(value);
                if (uri.getRawUserInfo() != null || value.contains("@")) {
                    throw new TypeConversionException(
                            "the URL must not contain a user name or password: ECR requests are"
                                    + " signed with the AWS credentials");
                }
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new TypeConversionException(
                            shown + " is not an http(s) URL, e.g. https://api.ecr.eu-west-1.amazonaws.com");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new TypeConversionException(shown + " is not a URL");
            }
        }
    }

    static final class RegistryIdConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[0-9]{12}")) {
                throw new TypeConversionException(
                        "'" + Text.safe(value) + "' is not a registry ID (an AWS account ID: 12 digits)");
            }
            return value;
        }
    }

    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw new TypeConversionException(
                            "'" + Text.safe(value) + "' is not an ISO-8601 time such as 2026-06-15T12:00:00Z");
                }
            }
        }
    }
}
