package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.AssumedRole;
import io.github.ecrsweep.registry.ManifestCache;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a run reads and acts, as plain values: snapshot files, or an ECR registry reached in a region with a
 * profile and perhaps a role. The command line builds it from its options; {@link Registries} opens it.
 *
 * @param snapshots snapshot files to read instead of AWS; empty for ECR
 * @param region    the region, or null for the SDK's default chain
 * @param profile   the named profile, or null for the default credentials
 * @param role      a role to assume in the target's account, or null
 * @param access    how every call is made: endpoint, registry, retries, rate, manifest cache
 */
public record Target(List<Path> snapshots, String region, String profile, AssumedRole role, Access access) {

    public Target {
        snapshots = List.copyOf(snapshots);
        Objects.requireNonNull(access, "access");
    }

    /**
     * How every call of a run is made, the same in each target.
     *
     * @param endpoint              an ECR endpoint override, or null
     * @param registryId            another account's registry (12 digits), or null
     * @param maxAttempts           attempts per call before a throttled or failing call gives up
     * @param maxRate               calls per second per operation, or 0 for no ceiling
     * @param allowInsecureEndpoint whether plain HTTP may go to a host that is not this machine
     * @param manifests             where index manifests are kept between runs
     */
    public record Access(
            URI endpoint,
            String registryId,
            int maxAttempts,
            double maxRate,
            boolean allowInsecureEndpoint,
            ManifestCache manifests) {

        public static final int DEFAULT_MAX_ATTEMPTS = 5;

        public Access {
            Objects.requireNonNull(manifests, "manifests");
        }

        /** The SDK's defaults and no manifest cache: for runs that only read files. */
        public static Access defaults() {
            return new Access(null, null, DEFAULT_MAX_ATTEMPTS, 0, false, ManifestCache.none());
        }
    }

    /** The registry of these snapshot files. */
    public static Target snapshots(List<Path> files) {
        return new Target(files, null, null, null, Access.defaults());
    }

    public boolean usesSnapshots() {
        return !snapshots.isEmpty();
    }

    /** The account the target acts in when the options say so (--registry-id, or the role), else null. */
    public String knownAccount() {
        return access.registryId() != null ? access.registryId() : role != null ? role.account() : null;
    }

    /** The target as a run names it before it is reached: its role's account or its profile, and its region. */
    public String label() {
        String who = role != null
                ? "account " + role.account()
                : profile != null ? "profile " + profile : "the caller's account";
        return who + (region != null ? " (" + region + ")" : "");
    }
}
