package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.aws.EcrSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run reads and acts, as plain values: snapshot files, or an ECR registry reached with these
 * settings. Commands build it from their options; {@link Registries} opens it.
 *
 * @param snapshots snapshot files to read instead of AWS; empty for ECR
 * @param ecr       how to reach ECR when there are no snapshots
 */
public record Target(List<Path> snapshots, EcrSettings ecr) {

    public Target {
        snapshots = List.copyOf(snapshots);
    }

    public boolean usesSnapshots() {
        return !snapshots.isEmpty();
    }
}
