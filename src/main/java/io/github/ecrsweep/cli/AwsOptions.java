package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.InUse;
import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.ManifestCache;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.aws.EcrSettings;
import io.github.ecrsweep.registry.aws.OrganizationAccounts;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Where the registry is (AWS or snapshot files) and the time plans are computed for. */
public final class AwsOptions {

    @Option(
            names = "--region",
            paramLabel = "REGION",
            split = ",",
            description = "AWS region, e.g. eu-west-1 (default: the SDK's chain: AWS_REGION, the profile); repeatable:"
                    + " one target per region.")
    List<String> regions = new ArrayList<>();

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Named profile of the AWS config files (default: AWS_PROFILE or 'default'); SSO and role"
                    + " profiles work; repeatable: one target per profile.")
    List<String> profiles = new ArrayList<>();

    @Option(
            names = "--role-arn",
            paramLabel = "ARN",
            description = "Assume this role (STS AssumeRole, with the profile's or default credentials) and act in its"
                    + " account; repeatable: one target per role.")
    List<String> roleArns = new ArrayList<>();

    @Option(
            names = "--role-name",
            paramLabel = "NAME",
            description = "Assume the role of this name in each account of --account.")
    String roleName;

    @Option(
            names = "--account",
            paramLabel = "ID",
            split = ",",
            description = "With --role-name: the accounts to act in (repeatable, or comma-separated).")
    List<String> accounts = new ArrayList<>();

    @Option(
            names = "--targets",
            paramLabel = "FILE",
            description = "The run's targets from a file (JSON or YAML, kind: ecrsweep-targets): accounts with a role"
                    + " name, role ARNs and profiles, each in its regions; instead of --region, --profile, --role-arn,"
                    + " --account and --org-accounts.")
    Path targetsFile;

    @Option(
            names = "--org-accounts",
            description =
                    "With --role-name: act in every ACTIVE account of the caller's AWS Organization (read with the"
                            + " run's credentials: the management account or a delegated administrator).")
    boolean orgAccounts;

    @Option(
            names = "--org-unit",
            paramLabel = "ID",
            split = ",",
            description =
                    "With --org-accounts: only the accounts of these organizational units (ou-...) or roots (r-...),"
                            + " and of the units below them (repeatable).")
    List<String> orgUnits = new ArrayList<>();

    @Option(
            names = "--external-id",
            paramLabel = "ID",
            description = "The external id the roles' trust policies ask for.")
    String externalId;

    @Option(
            names = "--role-session-name",
            paramLabel = "NAME",
            defaultValue = "ecrsweep",
            description = "The session name of assumed roles, as CloudTrail shows it (default: ${DEFAULT-VALUE}).")
    String roleSessionName = "ecrsweep";

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

    @Option(
            names = "--manifest-cache",
            paramLabel = "DIR",
            description = "Where index manifests are kept between runs"
                    + " (default: $XDG_CACHE_HOME/ecrsweep/manifests or ~/.cache/ecrsweep/manifests). Manifests never change, and"
                    + " every read from ECR can count as a pull.")
    Path manifestCache;

    @Option(names = "--no-manifest-cache", description = "Keep no manifests on disk: read them from ECR every run.")
    boolean noManifestCache;

    @Option(
            names = "--registry-id",
            paramLabel = "ID",
            converter = RegistryIdConverter.class,
            description = "Another account's registry (12 digits); default: the caller's.")
    String registryId;

    @Option(
            names = "--snapshot",
            paramLabel = "FILE",
            description =
                    "Read repositories and images from this file instead of AWS (repeatable): 'aws ecr describe-images' output or an ecrsweep export (list --images --all -o json). Nothing is ever changed.")
    List<Path> snapshots = new ArrayList<>();

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
            description =
                    "Attempts per AWS call before a throttled or failing call gives up (default: ${DEFAULT-VALUE}).")
    int maxAttempts = EcrSettings.DEFAULT_MAX_ATTEMPTS;

    @Option(
            names = "--max-rate",
            paramLabel = "CALLS",
            description = "At most this many calls per second of each ECR operation in each account and region."
                    + " Default: no ceiling; AWS publishes no rate quota for the calls ecrsweep makes most, and each"
                    + " operation slows down on its own when ECR throttles it.")
    Double maxRate;

    @Option(
            names = "--stats",
            description = "Print on stderr the AWS calls made, per operation, with retries, throttling and time.")
    boolean stats;

    /** Work done with an open registry, at the time plans are computed for. */
    @FunctionalInterface
    interface RegistryWork<T> {
        T run(Registry registry, Instant now);
    }

    /**
     * Opens the registry the options point at, runs {@code work} with it and the evaluation time, closes
     * it, and reports the calls made (--stats) however the work ends.
     */
    <T> T withRegistry(Context context, PrintWriter err, RegistryWork<T> work) {
        long started = System.nanoTime();
        try (Registry registry = context.registries().open(target())) {
            try {
                return work.run(registry, now(context.clock(), registry));
            } finally {
                report(registry, err, started);
            }
        }
    }

    /** Prints the call statistics on stderr when asked with --stats, and logs them at debug level (-vv) always. */
    private void report(Registry registry, PrintWriter err, long startNanos) {
        report("", registry, err, startNanos);
    }

    /** The same, the line led by a target's name ({@code account 1111 (eu-west-1): }) when there are several. */
    void report(String lead, Registry registry, PrintWriter err, long startNanos) {
        print(
                lead
                        + String.format(
                                Locale.ROOT,
                                "AWS calls: %s in %.1f s",
                                calls(registry.statistics(), "none"),
                                (System.nanoTime() - startNanos) / 1e9),
                err);
    }

    /** With --stats, a line per in-use source on stderr: its calls, what it found and how long it took. */
    void reportInUse(List<InUse.Scan> scans, PrintWriter err) {
        for (InUse.Scan scan : scans) {
            print(
                    String.format(
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

    private void print(String line, PrintWriter err) {
        LoggerFactory.getLogger(AwsOptions.class).debug(line);
        if (stats) {
            err.println(Text.safe(line));
            err.flush();
        }
    }

    public boolean usesSnapshots() {
        return !snapshots.isEmpty();
    }

    /** --now ages images as of another time: fine for a plan to look at, never for one that deletes. */
    void checkNowOnlyForPlans(boolean dryRun) {
        if (now != null && !dryRun && !usesSnapshots()) {
            throw new UserError(
                    ExitCode.USAGE, "--now is only for --dry-run and --snapshot: a real run ages images by the clock");
        }
    }

    /** --now, else the moment a snapshot export shows, else the clock. */
    public Instant now(Clock clock, Registry registry) {
        return now != null ? now : registry.capturedAt().orElseGet(clock::instant);
    }

    /** Where the run reads and acts, as plain values; invalid settings fail here, before any call. */
    Target target() {
        return new Target(snapshots, usesSnapshots() ? null : ecrSettings());
    }

    /** The settings of the run's one target; several targets are for the commands that run them all. */
    EcrSettings ecrSettings() {
        List<EcrSettings> targets = targets();
        if (targets.size() > 1) {
            throw new UserError(
                    ExitCode.USAGE,
                    "this command acts on one account and region; several targets (--region, --profile, --role-arn,"
                            + " --account) are for delete-untagged, expire, sweep, put-policy, apply-all and delete-policy");
        }
        return targets.get(0);
    }

    private static final java.util.regex.Pattern ACCOUNT = java.util.regex.Pattern.compile("[0-9]{12}");
    private static final java.util.regex.Pattern ROLE_ARN =
            java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final java.util.regex.Pattern ORG_UNIT =
            java.util.regex.Pattern.compile("ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32}");

    private static final java.util.regex.Pattern SESSION_NAME = java.util.regex.Pattern.compile("[\\w+=,.@-]{2,64}");

    /**
     * Every target of the run, profiles × roles (or accounts) × regions, in that order; one when none of
     * them is repeated. Wrong combinations fail here, before any call; resolved once per run (the command,
     * its in-use options and the flow all ask), so a targets file or an organization is read once.
     */
    List<EcrSettings> targets() {
        if (targets == null) {
            targets = resolveTargets();
        }
        return targets;
    }

    private List<EcrSettings> targets;

    private List<EcrSettings> resolveTargets() {
        if (maxRate != null && (!(maxRate > 0) || Double.isInfinite(maxRate))) {
            throw new UserError(ExitCode.USAGE, "--max-rate must be a positive number of calls per second");
        }
        if (maxAttempts < 1) {
            throw new UserError(ExitCode.USAGE, "--max-attempts must be at least 1, not " + maxAttempts);
        }
        if (targetsFile != null) {
            return fromFile();
        }
        List<EcrSettings.Role> roles = roles();
        List<String> inProfiles = profiles.isEmpty() ? java.util.Collections.singletonList(null) : distinct(profiles);
        List<String> inRegions = regions.isEmpty() ? java.util.Collections.singletonList(null) : distinct(regions);
        List<EcrSettings.Role> asRoles = roles.isEmpty() ? java.util.Collections.singletonList(null) : roles;
        List<EcrSettings> targets = new ArrayList<>();
        for (String p : inProfiles) {
            for (EcrSettings.Role role : asRoles) {
                for (String r : inRegions) {
                    targets.add(settings(r, p, role));
                }
            }
        }
        if (targets.size() > 1 && registryId != null) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--registry-id names one registry; with several targets, each acts in its own account");
        }
        return targets;
    }

    /** One target's settings: these region, profile and role, and the run's other settings. */
    private EcrSettings settings(String region, String profile, EcrSettings.Role role) {
        return new EcrSettings(
                region,
                profile,
                endpoint,
                registryId,
                maxAttempts,
                Duration.ofMinutes(5),
                manifests(),
                allowInsecureEndpoint,
                role,
                maxRate == null ? 0 : maxRate);
    }

    /** The targets of --targets FILE, read and checked once. */
    private List<EcrSettings> fromFile() {
        if (!regions.isEmpty()
                || !profiles.isEmpty()
                || !roleArns.isEmpty()
                || roleName != null
                || !accounts.isEmpty()
                || orgAccounts
                || externalId != null) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--targets names the run's targets: drop --region, --profile, --role-arn, --role-name, --account,"
                            + " --org-accounts and --external-id, or put them in the file");
        }
        if (usesSnapshots()) {
            throw new UserError(ExitCode.USAGE, "--targets and --snapshot exclude each other");
        }
        String name = targetsFile.toString();
        String text;
        try {
            text = io.github.ecrsweep.registry.InputFile.read(targetsFile, 1 << 20, "targets file");
        } catch (io.github.ecrsweep.registry.InputFile.UnreadableException e) {
            throw new UserError(ExitCode.USAGE, "cannot read targets file '" + name + "': " + e.getMessage(), e);
        }
        io.github.ecrsweep.registry.aws.TargetsFile.Read read = io.github.ecrsweep.registry.aws.TargetsFile.read(text);
        if (!read.problems().isEmpty()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "invalid targets file '" + name + "': "
                            + io.github.ecrsweep.rules.Problem.oneLine(read.problems()));
        }
        return read.targets().stream()
                .map(e -> settings(
                        e.region(),
                        e.profile(),
                        e.roleArn() == null
                                ? null
                                : new EcrSettings.Role(e.roleArn(), e.externalId(), roleSessionName)))
                .toList();
    }

    private List<EcrSettings.Role> roles() {
        if (roleName != null && !roleArns.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "--role-arn and --role-name exclude each other");
        }
        if (!orgUnits.isEmpty() && !orgAccounts) {
            throw new UserError(ExitCode.USAGE, "--org-unit narrows --org-accounts: add --org-accounts");
        }
        if (orgAccounts && (roleName == null || !accounts.isEmpty())) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--org-accounts assumes --role-name in each account of the organization, instead of --account");
        }
        for (String unit : orgUnits) {
            if (!ORG_UNIT.matcher(unit).matches()) {
                throw new UserError(
                        ExitCode.USAGE,
                        "--org-unit '" + unit + "' is not an organizational unit (ou-...) or root (r-...)");
            }
        }
        List<String> organization = null;
        if (orgAccounts) {
            organization = OrganizationAccounts.list(
                    new EcrSettings(
                            regions.isEmpty() ? null : regions.get(0),
                            profiles.isEmpty() ? null : profiles.get(0),
                            null,
                            null,
                            maxAttempts,
                            Duration.ofMinutes(5),
                            ManifestCache.none(),
                            allowInsecureEndpoint),
                    distinct(orgUnits));
            if (organization.isEmpty()) {
                throw new UserError(ExitCode.FAILED, "--org-accounts: the organization has no ACTIVE account there");
            }
        }
        if (roleName != null && accounts.isEmpty() && !orgAccounts) {
            throw new UserError(ExitCode.USAGE, "--role-name needs the accounts to assume it in: --account ID");
        }
        if (!accounts.isEmpty() && roleName == null) {
            throw new UserError(ExitCode.USAGE, "--account needs the role to assume there: --role-name NAME");
        }
        List<String> arns = new ArrayList<>(distinct(roleArns));
        for (String account : orgAccounts ? organization : distinct(accounts)) {
            if (!ACCOUNT.matcher(account).matches()) {
                throw new UserError(ExitCode.USAGE, "--account '" + account + "' is not an account id (12 digits)");
            }
            arns.add("arn:aws:iam::" + account + ":role/" + roleName);
        }
        for (String arn : arns) {
            if (!ROLE_ARN.matcher(arn).matches()) {
                throw new UserError(ExitCode.USAGE, "'" + arn + "' is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
            }
        }
        if (arns.isEmpty() && externalId != null) {
            throw new UserError(
                    ExitCode.USAGE, "--external-id applies to assumed roles: add --role-arn or --role-name");
        }
        if (!SESSION_NAME.matcher(roleSessionName).matches()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--role-session-name '" + roleSessionName + "' must be 2 to 64 letters, digits or +=,.@_-");
        }
        if (!arns.isEmpty() && usesSnapshots()) {
            throw new UserError(ExitCode.USAGE, "--snapshot reads files: it assumes no role");
        }
        return arns.stream()
                .map(a -> new EcrSettings.Role(a, externalId, roleSessionName))
                .toList();
    }

    private static List<String> distinct(List<String> values) {
        return values.stream().distinct().toList();
    }

    private ManifestCache manifests() {
        if (noManifestCache) {
            return ManifestCache.none();
        }
        if (manifestCache != null) {
            return ManifestCache.in(manifestCache);
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
