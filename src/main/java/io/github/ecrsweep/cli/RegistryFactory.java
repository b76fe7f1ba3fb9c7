package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.aws.EcrRegistry;
import io.github.ecrsweep.registry.snapshot.SnapshotRegistry;

/** Opens the registry the options point at. The SDK is only touched when AWS is really needed. */
@FunctionalInterface
public interface RegistryFactory {

    Registry open(AwsOptions options);

    /** Snapshot files when given, else Amazon ECR. */
    static RegistryFactory standard() {
        return options -> options.usesSnapshots()
                ? SnapshotRegistry.load(options.snapshots)
                : EcrRegistry.create(options.ecrSettings());
    }
}
