package io.github.ecrsweep.registry.inuse;

import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.RegistryException;
import java.util.List;

/**
 * Something that knows which images are in use: a service that runs them (ECS, Lambda, Inspector's view
 * of ECS and EKS), a file of Kubernetes pods, a pin file, an earlier scan.
 */
public interface InUseSource {

    /** How the user named the source, for messages and {@code --in-use-optional}: {@code ecs}, {@code k8s:pods.json}, ... */
    String name();

    /**
     * Every reference the source reports; fails with {@link RegistryException} when the source cannot be
     * read completely (access denied, throttled after the retries, an unreadable or invalid file), since a
     * partial answer would leave images in use unprotected.
     */
    List<InUseReference> scan();

    /** For a file: the SHA-256 of the text it read (lower-case hex), once it was read; null for a service. */
    default String sha256() {
        return null;
    }

    /**
     * After a scan: how many references named registries other than ECR's, by host. They protect nothing in this
     * run; a user sees them at -v, so that nothing is dropped unseen.
     */
    default java.util.Map<String, Integer> otherRegistries() {
        return java.util.Map.of();
    }

    /**
     * After a scan: references the source saw but could not resolve to an image (a stack template that builds an
     * image URI from a resource attribute), counted by where they are. The images they name are not protected;
     * the run warns.
     */
    default java.util.Map<String, Integer> unresolved() {
        return java.util.Map.of();
    }

    /** The service calls the scan made; none for a file. */
    default CallStatistics statistics() {
        return CallStatistics.NONE;
    }
}
