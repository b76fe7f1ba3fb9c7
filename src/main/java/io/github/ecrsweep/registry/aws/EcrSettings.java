package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.AssumedRole;
import io.github.ecrsweep.registry.ManifestCache;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach ECR. Null fields fall back to the SDK's default chains (region and credentials from
 * the environment, the profile files, SSO, roles).
 *
 * @param region                an AWS region such as {@code eu-west-1}
 * @param profile               a named profile of the AWS config files; it wins over credentials in the environment
 * @param endpoint              an endpoint override (VPC endpoint, emulator)
 * @param registryId            another account's registry, 12 digits
 * @param maxAttempts           attempts per call, the first included, before a throttled or failing call gives up
 * @param callTimeout           the longest one API call may take, retries included
 * @param manifests             where index manifests are kept between runs
 * @param allowInsecureEndpoint whether plain HTTP may be used with a host that is not this machine
 * @param role                  a role to assume with the profile's (or default) credentials, or null
 */
public record EcrSettings(
        String region,
        String profile,
        URI endpoint,
        String registryId,
        int maxAttempts,
        Duration callTimeout,
        ManifestCache manifests,
        boolean allowInsecureEndpoint,
        AssumedRole role,
        double maxRate) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    /** Settings without a role to assume. */
    public EcrSettings(
            String region,
            String profile,
            URI endpoint,
            String registryId,
            int maxAttempts,
            Duration callTimeout,
            ManifestCache manifests,
            boolean allowInsecureEndpoint) {
        this(
                region,
                profile,
                endpoint,
                registryId,
                maxAttempts,
                callTimeout,
                manifests,
                allowInsecureEndpoint,
                null,
                0);
    }

    public EcrSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(manifests, "manifests");
        if (!(maxRate >= 0) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("maxRate must be a non-negative number: " + maxRate);
        }
    }

    /** The account these settings act in when they say so (--registry-id, or the role assumed), else null. */
    public String knownAccount() {
        return registryId != null ? registryId : role != null ? role.account() : null;
    }

    /** The same settings in this region. */
    public EcrSettings withRegion(String newRegion) {
        return new EcrSettings(
                newRegion,
                profile,
                endpoint,
                registryId,
                maxAttempts,
                callTimeout,
                manifests,
                allowInsecureEndpoint,
                role,
                maxRate);
    }
}
