package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Registries;
import io.github.ecrsweep.registry.aws.EcrRegistry;
import io.github.ecrsweep.registry.snapshot.SnapshotRegistry;

/** The registries of this process: snapshot files when given, else Amazon ECR. */
public final class RegistryFactory {

    private RegistryFactory() {}

    public static Registries standard() {
        return target ->
                target.usesSnapshots() ? SnapshotRegistry.load(target.snapshots()) : EcrRegistry.create(target.ecr());
    }
}
