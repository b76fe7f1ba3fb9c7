package io.github.ecrsweep.registry;

import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What ecrsweep needs from a registry: its repositories, their images, the children of their indexes
 * (read only when a plan needs them), their lifecycle policies, a fresh look at some images right before
 * they are deleted, and deletion by digest. Implementations never print; they fail with
 * {@link RegistryException}.
 */
public interface Registry extends AutoCloseable {

    /** Images per call of {@link #describeImages} and {@link #deleteImages}, ECR's limit. */
    int MAX_BATCH = 100;

    /** Every repository, sorted by name. */
    List<Repository> listRepositories();

    /**
     * The named repositories that exist, sorted by name; a name that does not exist is left out. Asks
     * for those names only, so that a role scoped to some repositories can use it.
     */
    default List<Repository> findRepositories(Collection<String> names) {
        Set<String> wanted = Set.copyOf(names);
        return listRepositories().stream()
                .filter(r -> wanted.contains(r.name()))
                .toList();
    }

    /**
     * The repository's images in every storage class. An index's children are filled in only where they
     * are known without reading manifests (an ecrsweep export); see {@link #readIndexChildren}.
     */
    List<Image> listImages(String repository);

    /**
     * The children of these indexes, read from their manifests; an index whose manifest cannot be read is
     * left out. Reading a manifest can count as a pull, so callers ask only when a plan needs the answer.
     */
    default Map<Digest, List<Digest>> readIndexChildren(String repository, List<Digest> indexes) {
        return Map.of();
    }

    /**
     * These images as they are now (at most {@link #MAX_BATCH}); an image no longer in the repository is
     * absent from the answer.
     */
    Map<Digest, Image> describeImages(String repository, List<Digest> digests);

    /**
     * The repository's resource tags (ECR's ListTagsForResource, read once per run), or empty when this registry
     * does not record tags (a snapshot).
     */
    default Optional<Map<String, String>> repositoryTags(String repository) {
        return Optional.empty();
    }

    /**
     * The registry's replication rules (DescribeRegistry, read once per run), or empty when this registry does not
     * record them (a snapshot).
     */
    default Optional<List<ReplicationRule>> replicationRules() {
        return Optional.empty();
    }

    /** The registry's repository creation templates, by prefix (DescribeRepositoryCreationTemplates). */
    default List<CreationTemplate> creationTemplates() {
        throw new RegistryException(
                RegistryException.Kind.READ_ONLY, describe() + " records no repository creation templates");
    }

    /** Creates ({@code create}) or updates the template of its prefix. */
    default void putCreationTemplate(CreationTemplate template, boolean create) {
        throw new RegistryException(RegistryException.Kind.READ_ONLY, describe() + " cannot change templates");
    }

    /** The registry's pull-through cache rules (DescribePullThroughCacheRules). */
    default List<PullThroughRule> pullThroughRules() {
        throw new RegistryException(
                RegistryException.Kind.READ_ONLY, describe() + " records no pull-through cache rules");
    }

    /** The repository's lifecycle policy text, if it has one. */
    Optional<String> getLifecyclePolicy(String repository);

    void putLifecyclePolicy(String repository, String policyText);

    /** Deletes the repository's lifecycle policy; a policy already gone is no failure. */
    default void deleteLifecyclePolicy(String repository) {
        throw new RegistryException(RegistryException.Kind.READ_ONLY, describe() + " cannot delete lifecycle policies");
    }

    /**
     * Deletes images by digest in one call (at most {@link #MAX_BATCH}) and reports one outcome per digest
     * asked, in the order asked: an image is deleted only when the service's answer names it. A call the service
     * kept throttling is thrown ({@link RegistryException.Kind#THROTTLED}): nothing of it was deleted, and the
     * caller may send it again later.
     */
    List<DeleteOutcome> deleteImages(String repository, List<Digest> digests);

    /**
     * Removes tags in one call (at most {@link #MAX_BATCH}, ECR's {@code BatchDeleteImage} by tag) and reports one
     * result per tag asked, in the order asked: removed from the image the answer names, or failed. The service
     * deletes an image whose last tag goes, so callers never name every tag of an image.
     */
    default List<TagRemoval> removeTags(String repository, List<String> tags) {
        throw new RegistryException(RegistryException.Kind.READ_ONLY, describe() + " cannot remove tags");
    }

    /**
     * Deletes the repository, which must be empty: ECR's DeleteRepository without {@code force}, so that the service
     * itself refuses a repository an image reached since it was read ({@code RepositoryNotEmptyException}).
     */
    default void deleteRepository(String repository) {
        throw new RegistryException(RegistryException.Kind.READ_ONLY, describe() + " cannot delete repositories");
    }

    /**
     * Moves one image to the archive storage class now (ECR's UpdateImageStorageClass, one image per call):
     * archived when the answer says so, failed with the service's code otherwise. A call the service kept
     * throttling is thrown ({@link RegistryException.Kind#THROTTLED}), for the caller to send again later.
     */
    default DeleteOutcome archiveImage(String repository, Digest digest) {
        throw new RegistryException(RegistryException.Kind.READ_ONLY, describe() + " cannot archive images");
    }

    /**
     * Starts one archived image's restore to the standard storage class (UpdateImageStorageClass to STANDARD, one
     * image per call): restoring when the answer says ACTIVATING or ACTIVE, failed with the service's code otherwise;
     * a call the service kept throttling is thrown, as {@link #archiveImage} throws it.
     */
    default DeleteOutcome restoreImage(String repository, Digest digest) {
        throw new RegistryException(RegistryException.Kind.READ_ONLY, describe() + " cannot restore images");
    }

    /** Whether this registry only reads (a snapshot): plans are then always dry runs. */
    boolean isReadOnly();

    /** The account and region, as far as they are known; the account becomes known once repositories are listed. */
    Location location();

    /** The moment the data shows, when it is a picture of the past (a snapshot export); ages default to it. */
    default Optional<Instant> capturedAt() {
        return Optional.empty();
    }

    /**
     * Why the images listed may not be all there are (an export written with filters), or empty: plans
     * need every image of a repository and refuse such a source.
     */
    default Optional<String> incompleteness() {
        return Optional.empty();
    }

    /** The service calls made so far; none for a snapshot. */
    default CallStatistics statistics() {
        return CallStatistics.NONE;
    }

    /**
     * The endpoint the calls went to, as the SDK resolved it from every endpoint setting (credentials never in
     * it); empty for a snapshot, or before the first call.
     */
    default Optional<String> endpoint() {
        return Optional.empty();
    }

    /** Where the data comes from, for messages: an account and region, or snapshot files. */
    String describe();

    @Override
    void close();
}
