package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.RegistryException.Kind;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Which account and region a run acts on, decided as the AWS CLI decides them, before any ECR call:
 * <ul>
 *   <li>an explicit {@code --profile} wins over credentials in the environment (the SDK's default chain
 *       would let {@code AWS_ACCESS_KEY_ID} win); a profile that is in no config file is an error that
 *       names the files;</li>
 *   <li>the region is {@code --region}, else {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else the
 *       profile's, else the SDK's chain;</li>
 *   <li>credentials are resolved once, here, and a failure is explained from the profile's actual
 *       content (SSO, role, credential process, keys) and the SDK's typed exceptions, never from message
 *       text; no message ever repeats a credential process's command line;</li>
 *   <li>plain HTTP goes only to this machine, unless explicitly allowed.</li>
 * </ul>
 */
final class AwsSetup {

    private static final int MAX_SOURCE_PROFILES = 10;

    private final EcrSettings settings;
    private final Function<String, String> env;
    private final ProfileFile profiles;

    AwsSetup(EcrSettings settings, Function<String, String> env, ProfileFile profiles) {
        this.settings = settings;
        this.env = env;
        this.profiles = profiles;
    }

    static AwsSetup standard(EcrSettings settings) {
        ProfileFile profiles;
        try {
            profiles = ProfileFile.defaultProfileFile();
        } catch (RuntimeException e) {
            throw new RegistryException(
                    Kind.PROFILE_NOT_FOUND,
                    "the AWS config files cannot be read (" + files() + "): "
                            + e.getClass().getSimpleName());
        }
        return new AwsSetup(settings, System::getenv, profiles);
    }

    /** The profile the SDK will read settings from: --profile, else AWS_PROFILE, else default. */
    String profileName() {
        if (settings.profile() != null) {
            return settings.profile();
        }
        String fromEnv = env.apply("AWS_PROFILE");
        return fromEnv == null || fromEnv.isBlank() ? "default" : fromEnv;
    }

    private boolean profileNamed() {
        return settings.profile() != null
                || (env.apply("AWS_PROFILE") != null
                        && !env.apply("AWS_PROFILE").isBlank());
    }

    /** Fails when a named profile (--profile or AWS_PROFILE) is in none of the config files. */
    void checkProfile() {
        if (profileNamed() && profiles.profile(profileName()).isEmpty()) {
            throw new RegistryException(
                    Kind.PROFILE_NOT_FOUND,
                    "profile '" + profileName() + "' is not in " + files()
                            + (settings.profile() != null ? "" : " (named by AWS_PROFILE)"));
        }
    }

    private static String files() {
        return ProfileFileLocation.configurationFilePath() + " or " + ProfileFileLocation.credentialsFilePath();
    }

    Region region() {
        for (String candidate : new String[] {
            settings.region(),
            System.getProperty(SdkSystemSetting.AWS_REGION.property()),
            env.apply("AWS_REGION"),
            env.apply("AWS_DEFAULT_REGION")
        }) {
            if (candidate != null && !candidate.isBlank()) {
                return Region.of(candidate.trim());
            }
        }
        Optional<String> fromProfile = profiles.profile(profileName()).flatMap(p -> p.property(ProfileProperty.REGION));
        if (fromProfile.isPresent()) {
            return Region.of(fromProfile.get().trim());
        }
        try {
            return DefaultAwsRegionProviderChain.builder()
                    .profileFile(() -> profiles)
                    .profileName(profileName())
                    .build()
                    .getRegion();
        } catch (SdkException e) {
            throw new RegistryException(
                    Kind.NO_REGION, "no AWS region: pass --region, set AWS_REGION, or set a region in the profile");
        }
    }

    /** The credentials of the run: the named profile's when --profile is given, else the SDK's default chain. */
    AwsCredentialsProvider credentials() {
        if (settings.profile() != null) {
            return ProfileCredentialsProvider.builder()
                    .profileFile(profiles)
                    .profileName(settings.profile())
                    .build();
        }
        return DefaultCredentialsProvider.builder()
                .profileFile(() -> profiles)
                .profileName(profileName())
                .build();
    }

    /** Resolves the credentials once; a failure becomes one sentence about what to do. */
    void resolve(AwsCredentialsProvider provider) {
        try {
            provider.resolveCredentials();
        } catch (SdkException e) {
            throw explain(e);
        }
    }

    RegistryException explain(SdkException e) {
        Throwable network = EcrErrors.networkCause(e);
        String name = profileName();
        Optional<Profile> profile = profiles.profile(name);
        if (profile.isEmpty() || (!profileNamed() && !hasCredentialSource(profile.get()))) {
            return new RegistryException(
                    Kind.NO_CREDENTIALS,
                    "no AWS credentials found: set AWS_ACCESS_KEY_ID"
                            + " and AWS_SECRET_ACCESS_KEY, use --profile, or run 'aws configure' or 'aws sso login'");
        }
        Profile p = profile.get();
        Profile source = sourceOf(p);
        String of = " of profile '" + name + "'";
        if (isSso(source)) {
            String login = source.name();
            if (network != null) {
                return unreachable("the SSO service for profile '" + login + "'", network);
            }
            return new RegistryException(
                    Kind.SSO_LOGIN_NEEDED,
                    null,
                    null,
                    null,
                    "the SSO session of profile '" + login
                            + "' has expired or was never started: run 'aws sso login --profile " + login + "'",
                    e);
        }
        if (source.property(ProfileProperty.CREDENTIAL_PROCESS).isPresent()) {
            // The command line may carry secrets: it is never repeated, and the SDK's exception, which names it, is
            // dropped.
            return new RegistryException(
                    Kind.NO_CREDENTIALS,
                    null,
                    null,
                    null,
                    "the credential_process of profile '" + source.name()
                            + "' failed or returned no valid credentials; run it by hand to see why",
                    null);
        }
        if (network != null) {
            return unreachable("the AWS security token service for profile '" + name + "'", network);
        }
        Optional<String> role = p.property(ProfileProperty.ROLE_ARN);
        if (role.isPresent()
                && source != p
                && source.property(ProfileProperty.AWS_ACCESS_KEY_ID).isPresent()) {
            String code = awsErrorCode(e);
            return new RegistryException(
                    Kind.NO_CREDENTIALS,
                    null,
                    "AssumeRole",
                    code,
                    "cannot assume role " + role.get() + of
                            + (code == null ? "" : " (" + code + ")")
                            + ": check the role's trust policy and the credentials of profile '"
                            + source.name() + "'",
                    e);
        }
        if (p.property(ProfileProperty.WEB_IDENTITY_TOKEN_FILE).isPresent()) {
            String code = awsErrorCode(e);
            return new RegistryException(
                    Kind.NO_CREDENTIALS,
                    null,
                    "AssumeRoleWithWebIdentity",
                    code,
                    "the web identity token" + of + " could not be exchanged for credentials"
                            + (code == null ? "" : " (" + code + ")"),
                    e);
        }
        if (role.isPresent()) {
            return new RegistryException(
                    Kind.NO_CREDENTIALS,
                    "profile '" + name + "' names role " + role.get()
                            + " but no usable source_profile or credential_source for it (" + files() + ")");
        }
        return new RegistryException(
                Kind.NO_CREDENTIALS,
                "profile '" + name + "' has no usable credentials:"
                        + " it needs aws_access_key_id and aws_secret_access_key, or role_arn, sso_session or credential_process ("
                        + files() + ")");
    }

    private static boolean isSso(Profile p) {
        return p.property(ProfileProperty.SSO_START_URL).isPresent()
                || p.property("sso_session").isPresent();
    }

    private static boolean hasCredentialSource(Profile p) {
        for (String key : new String[] {
            ProfileProperty.AWS_ACCESS_KEY_ID,
            ProfileProperty.ROLE_ARN,
            ProfileProperty.SSO_START_URL,
            "sso_session",
            ProfileProperty.CREDENTIAL_PROCESS,
            ProfileProperty.WEB_IDENTITY_TOKEN_FILE
        }) {
            if (p.property(key).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Where a role profile's credentials come from, following source_profile; the profile itself otherwise. */
    private Profile sourceOf(Profile start) {
        Profile p = start;
        Set<String> seen = new HashSet<>();
        while (p.property(ProfileProperty.ROLE_ARN).isPresent()
                && seen.add(p.name())
                && seen.size() <= MAX_SOURCE_PROFILES) {
            Optional<Profile> next = p.property(ProfileProperty.SOURCE_PROFILE).flatMap(profiles::profile);
            if (next.isEmpty() || next.get().name().equals(p.name())) {
                break;
            }
            p = next.get();
        }
        return p;
    }

    private static String awsErrorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException s && s.awsErrorDetails() != null) {
                return s.awsErrorDetails().errorCode();
            }
        }
        return null;
    }

    private static RegistryException unreachable(String what, Throwable network) {
        return new RegistryException(
                Kind.UNREACHABLE,
                "cannot reach " + what + ": " + network.getClass().getSimpleName());
    }

    /**
     * Refuses plain HTTP to a host other than this machine: signed requests would cross the network in
     * clear text (the session token with them), and whoever sits in between could answer a listing.
     */
    static void checkTransport(URI endpoint, boolean allowInsecure) {
        if (endpoint == null
                || allowInsecure
                || !"http".equalsIgnoreCase(endpoint.getScheme())
                || io.github.ecrsweep.registry.Hosts.isLoopback(endpoint.getHost())) {
            return;
        }
        throw new RegistryException(
                Kind.INSECURE_ENDPOINT,
                null,
                null,
                null,
                "refusing plain HTTP to " + endpoint.getHost()
                        + ": requests carry signed credentials; use https, or pass --allow-insecure-endpoint if this network is trusted",
                null);
    }
}
