package io.github.ecrsweep.registry;

import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What ecrsweep needs from a registry: its repositories, their images (with the children of every
 * index, so the image graph is complete), their lifecycle policies, and deletion by digest.
 * Implementations never print; they fail with {@link RegistryException}.
 */
public interface Registry extends AutoCloseable {

    /** Every repository, sorted by name. */
    List<Repository> listRepositories();

    /** The repository's images in every storage class, index children filled in. */
    List<Image> listImages(String repository);

    /** The repository's lifecycle policy text, if it has one. */
    Optional<String> getLifecyclePolicy(String repository);

    void putLifecyclePolicy(String repository, String policyText);

    /**
     * Deletes images by digest, in calls of at most 100, and reports one outcome per digest asked,
     * in the order asked: what the service did not confirm is never reported as deleted.
     */
    List<DeleteOutcome> deleteImages(String repository, List<Digest> digests);

    /** Whether this registry only reads (a snapshot): plans are then always dry runs. */
    boolean isReadOnly();

    /** The moment the data shows, when it is a picture of the past (a snapshot export); ages default to it. */
    default Optional<Instant> capturedAt() {
        return Optional.empty();
    }

    /** The service calls made so far; none for a snapshot. */
    default CallStatistics statistics() {
        return CallStatistics.NONE;
    }

    /** Where the data comes from, for messages: a region and account, or snapshot files. */
    String describe();

    @Override
    void close();
}
