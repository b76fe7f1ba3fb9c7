package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Registry;

/** Opens the registry of a target; the SDK is touched only when the target is ECR. */
@FunctionalInterface
public interface Registries {

    Registry open(Target target);
}
