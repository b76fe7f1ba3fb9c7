package io.github.ecrsweep.registry.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.CreationTemplate;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.ManifestCache;
import io.github.ecrsweep.registry.PullThroughRule;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.ReplicationRule;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.registry.TagRemoval;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.ImageStatus;
import io.github.ecrsweep.rules.MediaTypes;
import io.github.ecrsweep.rules.TagMutability;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesFilter;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageStatusFilter;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.TargetStorageClass;
import software.amazon.awssdk.services.ecr.model.UpdateImageStorageClassResponse;

/**
 * The registry over Amazon ECR: SDK paginators at 1,000 per page, repositories asked for by name when
 * names are given, index manifests read only when asked (and then from the manifest cache first),
 * re-reads of images by digest, and deletions by digest whose outcome is what the answer confirms.
 */
public final class EcrRegistry implements Registry {

    static final int PAGE_SIZE = 1000;
    private static final List<String> MANIFEST_TYPES = List.of(
            MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);

    /** Made when a first index manifest is read, not with the registry: most runs read none (40 ms at start). */
    private static final class Manifests {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private final EcrClient client;
    private final EcrSettings settings;
    private final CallCounter counter;
    private final String region;
    /** The account, from --registry-id or from the first repository listed. */
    private final AtomicReference<String> account = new AtomicReference<>();
    /** Each repository's ARN as DescribeRepositories gave it, and its tags once read: cached for the run. */
    private final Map<String, String> arns = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, Map<String, String>> tags = new java.util.concurrent.ConcurrentHashMap<>();

    public EcrRegistry(EcrClient client, EcrSettings settings) {
        this(client, settings, new CallCounter());
    }

    private EcrRegistry(EcrClient client, EcrSettings settings, CallCounter counter) {
        this.client = client;
        this.settings = settings;
        this.counter = counter;
        this.region = settings.region() != null
                ? settings.region()
                : client.serviceClientConfiguration().region() == null
                        ? null
                        : client.serviceClientConfiguration().region().id();
        // Known before any call when the settings name it; else learnt from the first repository listed.
        this.account.set(settings.knownAccount());
    }

    /** Closes the STS clients and forgets the roles the run's targets shared; see {@link AwsClients}. */
    public static void closeSessions() {
        AwsClients.closeAll();
    }

    /**
     * Builds the target's client, after deciding the region and the credentials (and failing with a clear
     * sentence when either is missing): url-connection HTTP, and per ECR operation its own retry strategy with
     * the configured attempts and the ceiling of --max-rate, if any ({@link OperationLimits}), so that throttling
     * of one operation slows that operation alone.
     */
    public static EcrRegistry create(EcrSettings settings) {
        AwsClients clients = AwsClients.resolve(settings);
        EcrSettings resolved = clients.settings();
        CallCounter counter = new CallCounter();
        EcrClient client;
        try {
            client = clients.build(EcrClient.builder(), counter, settings.endpoint());
        } catch (SdkException e) {
            throw EcrErrors.map(e, null, "CreateClient", resolved, "ECR");
        }
        EcrRegistry registry = new EcrRegistry(client, resolved, counter);
        registry.caller = () -> {
            try (software.amazon.awssdk.services.sts.StsClient sts =
                    clients.build(software.amazon.awssdk.services.sts.StsClient.builder(), counter, null)) {
                return sts.getCallerIdentity().account();
            }
        };
        return registry;
    }

    /** Asks STS whose the credentials are, for a registry that listed no repository to tell its account. */
    private java.util.function.Supplier<String> caller = () -> null;

    /**
     * Learns the account from STS (GetCallerIdentity) when the repositories did not name it (none, or none of
     * those asked): the registry of credentials without --registry-id is their account's. A failure leaves it
     * unknown, as before.
     */
    private void learnAccount() {
        if (account.get() != null || settings.registryId() != null) {
            return;
        }
        try {
            account.compareAndSet(null, caller.get());
        } catch (SdkException e) {
            org.slf4j.LoggerFactory.getLogger(EcrRegistry.class)
                    .info(
                            "the account of the credentials could not be learnt: {}",
                            e.getClass().getSimpleName());
        }
    }

    @Override
    public List<Repository> listRepositories() {
        return call(null, "DescribeRepositories", ecr -> {
            List<Repository> result = new ArrayList<>();
            ecr.describeRepositoriesPaginator(
                            r -> r.registryId(settings.registryId()).maxResults(PAGE_SIZE))
                    .repositories()
                    .forEach(r -> result.add(repository(r)));
            result.sort(Comparator.comparing(Repository::name));
            if (result.isEmpty()) {
                learnAccount();
            }
            return result;
        });
    }

    /** DescribeRepositories for these names only, 100 at a time; a batch with an unknown name is asked again name by name. */
    @Override
    public List<Repository> findRepositories(Collection<String> names) {
        List<String> distinct = names.stream().distinct().sorted().toList();
        List<Repository> found = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += MAX_BATCH) {
            List<String> batch = distinct.subList(from, Math.min(from + MAX_BATCH, distinct.size()));
            try {
                found.addAll(describeRepositories(batch));
            } catch (RepositoryNotFoundException e) {
                if (batch.size() == 1) {
                    continue;
                }
                for (String name : batch) {
                    try {
                        found.addAll(describeRepositories(List.of(name)));
                    } catch (RepositoryNotFoundException missing) {
                        // left out: the caller names what it did not find
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Repository::name));
        if (found.isEmpty()) {
            learnAccount();
        }
        return found;
    }

    private List<Repository> describeRepositories(List<String> names) {
        try {
            return call(
                    null,
                    "DescribeRepositories",
                    ecr -> ecr
                            .describeRepositories(
                                    r -> r.registryId(settings.registryId()).repositoryNames(names))
                            .repositories()
                            .stream()
                            .map(this::repository)
                            .toList());
        } catch (RegistryException e) {
            if (e.getCause() instanceof RepositoryNotFoundException notFound) {
                throw notFound;
            }
            throw e;
        }
    }

    private Repository repository(software.amazon.awssdk.services.ecr.model.Repository r) {
        if (r.registryId() != null) {
            account.compareAndSet(null, r.registryId());
        }
        if (r.repositoryArn() != null) {
            arns.put(r.repositoryName(), r.repositoryArn());
        }
        return new Repository(r.repositoryName(), r.repositoryUri(), r.createdAt(), r.registryId(), mutability(r));
    }

    @Override
    public List<CreationTemplate> creationTemplates() {
        return call(null, "DescribeRepositoryCreationTemplates", ecr -> {
            List<CreationTemplate> result = new ArrayList<>();
            ecr.describeRepositoryCreationTemplatesPaginator(r -> r.maxResults(PAGE_SIZE))
                    .repositoryCreationTemplates()
                    .forEach(t -> result.add(new CreationTemplate(
                            t.prefix(),
                            t.description(),
                            t.lifecyclePolicy(),
                            t.imageTagMutabilityAsString(),
                            t.imageTagMutabilityExclusionFilters().stream()
                                    .map(f -> f.filter())
                                    .toList(),
                            t.encryptionConfiguration() == null
                                    ? null
                                    : t.encryptionConfiguration().encryptionTypeAsString(),
                            t.encryptionConfiguration() == null
                                    ? null
                                    : t.encryptionConfiguration().kmsKey(),
                            t.resourceTags().stream()
                                    .collect(java.util.stream.Collectors.toMap(
                                            software.amazon.awssdk.services.ecr.model.Tag::key,
                                            software.amazon.awssdk.services.ecr.model.Tag::value,
                                            (a, b) -> b,
                                            java.util.TreeMap::new)),
                            t.appliedForAsStrings(),
                            t.repositoryPolicy(),
                            t.customRoleArn())));
            result.sort(Comparator.comparing(CreationTemplate::prefix));
            return result;
        });
    }

    @Override
    public void putCreationTemplate(CreationTemplate t, boolean create) {
        List<software.amazon.awssdk.services.ecr.model.Tag> tagList = t.resourceTags().entrySet().stream()
                .map(e -> software.amazon.awssdk.services.ecr.model.Tag.builder()
                        .key(e.getKey())
                        .value(e.getValue())
                        .build())
                .toList();
        var encryption = t.encryptionType() == null
                ? null
                : software.amazon.awssdk.services.ecr.model.EncryptionConfigurationForRepositoryCreationTemplate
                        .builder()
                        .encryptionType(t.encryptionType())
                        .kmsKey(t.kmsKey())
                        .build();
        var filters = t.mutabilityFilters().stream()
                .map(f -> software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter.builder()
                        .filter(f)
                        .filterType("WILDCARD")
                        .build())
                .toList();
        if (create) {
            call(
                    null,
                    "CreateRepositoryCreationTemplate",
                    ecr -> ecr.createRepositoryCreationTemplate(r -> r.prefix(t.prefix())
                            .description(t.description())
                            .lifecyclePolicy(t.lifecyclePolicy())
                            .imageTagMutability(t.imageTagMutability())
                            .imageTagMutabilityExclusionFilters(filters.isEmpty() ? null : filters)
                            .encryptionConfiguration(encryption)
                            .resourceTags(tagList)
                            .appliedForWithStrings(t.appliedFor())
                            .repositoryPolicy(t.repositoryPolicy())
                            .customRoleArn(t.customRoleArn())));
        } else {
            call(
                    null,
                    "UpdateRepositoryCreationTemplate",
                    ecr -> ecr.updateRepositoryCreationTemplate(r -> r.prefix(t.prefix())
                            .description(t.description())
                            .lifecyclePolicy(t.lifecyclePolicy())
                            .imageTagMutability(t.imageTagMutability())
                            .imageTagMutabilityExclusionFilters(filters.isEmpty() ? null : filters)
                            .encryptionConfiguration(encryption)
                            .resourceTags(tagList)
                            .appliedForWithStrings(t.appliedFor())
                            .repositoryPolicy(t.repositoryPolicy())
                            .customRoleArn(t.customRoleArn())));
        }
    }

    @Override
    public List<PullThroughRule> pullThroughRules() {
        return call(null, "DescribePullThroughCacheRules", ecr -> {
            List<PullThroughRule> result = new ArrayList<>();
            ecr.describePullThroughCacheRulesPaginator(
                            r -> r.registryId(settings.registryId()).maxResults(PAGE_SIZE))
                    .pullThroughCacheRules()
                    .forEach(p -> result.add(new PullThroughRule(p.ecrRepositoryPrefix(), p.upstreamRegistryUrl())));
            result.sort(Comparator.comparing(PullThroughRule::prefix));
            return result;
        });
    }

    /** The replication rules, once read. */
    private final AtomicReference<List<ReplicationRule>> replication = new AtomicReference<>();

    /** DescribeRegistry, once per run. */
    @Override
    public Optional<List<ReplicationRule>> replicationRules() {
        List<ReplicationRule> known = replication.get();
        if (known != null) {
            return Optional.of(known);
        }
        if (settings.registryId() != null) {
            return Optional.empty(); // DescribeRegistry tells of the caller's own registry only
        }
        List<ReplicationRule> read = call(null, "DescribeRegistry", ecr -> {
            var response = ecr.describeRegistry(r -> {});
            List<ReplicationRule> rules = new ArrayList<>();
            if (response.replicationConfiguration() != null) {
                for (var rule : response.replicationConfiguration().rules()) {
                    rules.add(new ReplicationRule(
                            rule.destinations().stream()
                                    .map(d -> new ReplicationRule.Destination(d.region(), d.registryId()))
                                    .toList(),
                            rule.repositoryFilters().stream()
                                    .map(f -> f.filter())
                                    .toList()));
                }
            }
            return List.copyOf(rules);
        });
        replication.set(read);
        return Optional.of(read);
    }

    /** ListTagsForResource, once per repository and run: ECR has no call that reads the tags of several. */
    @Override
    public Optional<Map<String, String>> repositoryTags(String repository) {
        Map<String, String> known = tags.get(repository);
        if (known != null) {
            return Optional.of(known);
        }
        String arn = arns.get(repository);
        if (arn == null) {
            findRepositories(List.of(repository));
            arn = arns.get(repository);
        }
        if (arn == null) {
            throw new RegistryException(
                    RegistryException.Kind.REPOSITORY_NOT_FOUND,
                    repository + ": not found in " + describe() + " to read its tags");
        }
        String resource = arn;
        Map<String, String> read = call(repository, "ListTagsForResource", ecr -> {
            Map<String, String> found = new java.util.TreeMap<>();
            ecr.listTagsForResource(r -> r.resourceArn(resource)).tags().forEach(t -> found.put(t.key(), t.value()));
            return Map.copyOf(found);
        });
        tags.put(repository, read);
        return Optional.of(read);
    }

    @Override
    public List<Image> listImages(String repository) {
        return call(repository, "DescribeImages", ecr -> {
            List<Image> images = new ArrayList<>();
            ecr.describeImagesPaginator(r -> r.repositoryName(repository)
                            .registryId(settings.registryId())
                            .maxResults(PAGE_SIZE)
                            .filter(DescribeImagesFilter.builder()
                                    .imageStatus(ImageStatusFilter.ANY)
                                    .build()))
                    .imageDetails()
                    .forEach(d -> images.add(toImage(d, List.of())));
            return images;
        });
    }

    /** From the manifest cache first; the rest with BatchGetImage, 100 per call, then cached. */
    @Override
    public Map<Digest, List<Digest>> readIndexChildren(String repository, List<Digest> indexes) {
        ManifestCache cache = settings.manifests();
        Map<Digest, List<Digest>> result = new HashMap<>();
        List<Digest> missing = new ArrayList<>();
        for (Digest index : indexes) {
            Optional<String> cached = cache.get(index);
            if (cached.isPresent()) {
                childDigests(cached.get()).ifPresent(children -> result.put(index, children));
            } else {
                missing.add(index);
            }
        }
        for (int from = 0; from < missing.size(); from += MAX_BATCH) {
            List<ImageIdentifier> ids = ids(missing.subList(from, Math.min(from + MAX_BATCH, missing.size())));
            BatchGetImageResponse response = call(
                    repository,
                    "BatchGetImage",
                    ecr -> ecr.batchGetImage(r -> r.repositoryName(repository)
                            .registryId(settings.registryId())
                            .imageIds(ids)
                            .acceptedMediaTypes(MANIFEST_TYPES)));
            // An index whose manifest could not be read keeps unknown children: the planners then protect
            // every manifest that could be one of them rather than guess.
            for (var image : response.images()) {
                if (!Digest.isValid(image.imageId().imageDigest()) || image.imageManifest() == null) {
                    continue;
                }
                Digest digest = Digest.of(image.imageId().imageDigest());
                cache.put(digest, image.imageManifest());
                childDigests(image.imageManifest()).ifPresent(children -> result.put(digest, children));
            }
        }
        return result;
    }

    private static Optional<List<Digest>> childDigests(String manifest) {
        List<Digest> digests = new ArrayList<>();
        try {
            JsonNode root = Manifests.JSON.readTree(manifest);
            JsonNode manifests = root == null ? null : root.get("manifests");
            if (manifests == null || !manifests.isArray()) {
                return Optional.empty();
            }
            for (JsonNode m : manifests) {
                String d = m.path("digest").asText(null);
                if (!Digest.isValid(d)) {
                    return Optional.empty(); // a child we cannot name: treat every child as unknown
                }
                digests.add(Digest.of(d));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(digests);
    }

    static Image toImage(ImageDetail d, List<Digest> children) {
        ImageStatus status = d.imageStatus() == null
                ? ImageStatus.ACTIVE
                : switch (d.imageStatus()) {
                    case ARCHIVED -> ImageStatus.ARCHIVED;
                    case ACTIVATING -> ImageStatus.ACTIVATING;
                    default -> ImageStatus.ACTIVE;
                };
        return Image.builder(Digest.of(d.imageDigest()), d.imagePushedAt())
                .tags(d.hasImageTags() ? d.imageTags() : List.of())
                .sizeInBytes(d.imageSizeInBytes() == null ? 0 : d.imageSizeInBytes())
                .manifestMediaType(d.imageManifestMediaType())
                .artifactMediaType(d.artifactMediaType())
                .lastRecordedPullTime(d.lastRecordedPullTime())
                .status(status)
                .lastArchivedAt(d.lastArchivedAt())
                .lastActivatedAt(d.lastActivatedAt())
                .subjectDigest(Digest.isValid(d.subjectManifestDigest()) ? Digest.of(d.subjectManifestDigest()) : null)
                .childDigests(children)
                .build();
    }

    /**
     * DescribeImages by digest. ECR fails the whole call when one image is missing, so such a batch is
     * split in halves until the missing ones are found: a few extra calls, and only when something went.
     */
    @Override
    public Map<Digest, Image> describeImages(String repository, List<Digest> digests) {
        checkBatch(digests);
        Map<Digest, Image> found = new LinkedHashMap<>();
        describeInto(repository, digests, found);
        return found;
    }

    private void describeInto(String repository, List<Digest> digests, Map<Digest, Image> found) {
        if (digests.isEmpty()) {
            return;
        }
        List<ImageIdentifier> ids = ids(digests);
        try {
            List<ImageDetail> details = call(
                    repository,
                    "DescribeImages",
                    ecr -> ecr.describeImages(r -> r.repositoryName(repository)
                                    .registryId(settings.registryId())
                                    .imageIds(ids))
                            .imageDetails());
            for (ImageDetail d : details) {
                if (Digest.isValid(d.imageDigest())) {
                    Image image = toImage(d, List.of());
                    found.put(image.digest(), image);
                }
            }
        } catch (RegistryException e) {
            if (!(e.getCause() instanceof ImageNotFoundException)) {
                throw e;
            }
            if (digests.size() > 1) {
                int half = digests.size() / 2;
                describeInto(repository, digests.subList(0, half), found);
                describeInto(repository, digests.subList(half, digests.size()), found);
            }
        }
    }

    @Override
    public Optional<String> getLifecyclePolicy(String repository) {
        return call(repository, "GetLifecyclePolicy", ecr -> {
            try {
                return Optional.of(
                        ecr.getLifecyclePolicy(r -> r.repositoryName(repository).registryId(settings.registryId()))
                                .lifecyclePolicyText());
            } catch (LifecyclePolicyNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void putLifecyclePolicy(String repository, String policyText) {
        call(
                repository,
                "PutLifecyclePolicy",
                ecr -> ecr.putLifecyclePolicy(r -> r.repositoryName(repository)
                        .registryId(settings.registryId())
                        .lifecyclePolicyText(policyText)));
    }

    @Override
    public void deleteLifecyclePolicy(String repository) {
        call(repository, "DeleteLifecyclePolicy", ecr -> {
            try {
                return ecr.deleteLifecyclePolicy(
                        r -> r.repositoryName(repository).registryId(settings.registryId()));
            } catch (LifecyclePolicyNotFoundException gone) {
                return null; // deleted since the plan: what was asked holds
            }
        });
    }

    /** DeleteRepository, never with force: ECR refuses a repository that is not empty. */
    @Override
    public void deleteRepository(String repository) {
        call(
                repository,
                "DeleteRepository",
                ecr -> ecr.deleteRepository(r -> r.repositoryName(repository)
                        .registryId(settings.registryId())
                        .force(false)));
        arns.remove(repository);
        tags.remove(repository);
    }

    /** UpdateImageStorageClass to ARCHIVE: archived when ECR's answer says the image's status is ARCHIVED. */
    @Override
    public DeleteOutcome archiveImage(String repository, Digest digest) {
        return moveImage(repository, digest, TargetStorageClass.ARCHIVE);
    }

    @Override
    public DeleteOutcome restoreImage(String repository, Digest digest) {
        return moveImage(repository, digest, TargetStorageClass.STANDARD);
    }

    /** One UpdateImageStorageClass: done when the answer's status is the one the move leads to. */
    private DeleteOutcome moveImage(String repository, Digest digest, TargetStorageClass target) {
        try {
            UpdateImageStorageClassResponse response = call(
                    repository,
                    "UpdateImageStorageClass",
                    ecr -> ecr.updateImageStorageClass(r -> r.registryId(settings.registryId())
                            .repositoryName(repository)
                            .imageId(i -> i.imageDigest(digest.toString()))
                            .targetStorageClass(target)));
            var status = response.imageStatus();
            if (target == TargetStorageClass.ARCHIVE
                    && status == software.amazon.awssdk.services.ecr.model.ImageStatus.ARCHIVED) {
                return DeleteOutcome.archived(digest);
            }
            if (target == TargetStorageClass.STANDARD
                    && (status == software.amazon.awssdk.services.ecr.model.ImageStatus.ACTIVATING
                            || status == software.amazon.awssdk.services.ecr.model.ImageStatus.ACTIVE)) {
                return DeleteOutcome.restoring(digest);
            }
            return DeleteOutcome.failed(
                    digest,
                    DeleteOutcome.UNCONFIRMED,
                    "ECR answered with image status " + response.imageStatusAsString());
        } catch (RegistryException e) {
            if (e.kind().isRegistryWide() || e.kind() == RegistryException.Kind.THROTTLED) {
                throw e;
            }
            return DeleteOutcome.failed(digest, e.code(), e.getMessage());
        }
    }

    /** One BatchDeleteImage call, by digest or by tag. */
    private BatchDeleteImageResponse batchDelete(String repository, List<ImageIdentifier> ids) {
        return call(
                repository,
                "BatchDeleteImage",
                ecr -> ecr.batchDeleteImage(r -> r.repositoryName(repository)
                        .registryId(settings.registryId())
                        .imageIds(ids)));
    }

    /** The repository's tag mutability; a setting this SDK does not know reads as immutable. */
    private static TagMutability mutability(software.amazon.awssdk.services.ecr.model.Repository r) {
        if (r.imageTagMutabilityAsString() == null) {
            return TagMutability.MUTABLE; // ECR's default, and what an older API answers
        }
        return new TagMutability(
                TagMutability.Mode.of(r.imageTagMutabilityAsString()),
                r.imageTagMutabilityExclusionFilters().stream()
                        .map(f -> f.filter())
                        .filter(java.util.Objects::nonNull)
                        .toList());
    }

    @Override
    public List<TagRemoval> removeTags(String repository, List<String> tags) {
        if (tags.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " tags per call, not " + tags.size());
        }
        if (tags.isEmpty()) {
            return List.of();
        }
        List<ImageIdentifier> ids = tags.stream()
                .map(t -> ImageIdentifier.builder().imageTag(t).build())
                .toList();
        BatchDeleteImageResponse response;
        try {
            response = batchDelete(repository, ids);
        } catch (RegistryException e) {
            if (e.kind().isRegistryWide()) {
                throw e;
            }
            return tags.stream()
                    .map(t -> TagRemoval.failed(t, e.code(), e.getMessage()))
                    .toList();
        }
        Map<String, Digest> removed = new HashMap<>();
        for (ImageIdentifier id : response.imageIds()) {
            if (id.imageTag() != null && id.imageDigest() != null) {
                removed.put(id.imageTag(), Digest.of(id.imageDigest().toLowerCase(Locale.ROOT)));
            }
        }
        Map<String, ImageFailure> failures = new HashMap<>();
        for (ImageFailure f : response.failures()) {
            if (f.imageId() != null && f.imageId().imageTag() != null) {
                failures.put(f.imageId().imageTag(), f);
            }
        }
        List<TagRemoval> results = new ArrayList<>(tags.size());
        for (String tag : tags) {
            ImageFailure f = failures.get(tag);
            if (removed.containsKey(tag)) {
                results.add(TagRemoval.removed(tag, removed.get(tag)));
            } else if (f != null) {
                results.add(TagRemoval.failed(tag, f.failureCodeAsString(), f.failureReason()));
            } else {
                results.add(TagRemoval.failed(
                        tag,
                        DeleteOutcome.UNCONFIRMED,
                        "ECR's answer named this tag neither as removed nor as failed"));
            }
        }
        return results;
    }

    @Override
    public List<DeleteOutcome> deleteImages(String repository, List<Digest> batch) {
        checkBatch(batch);
        if (batch.isEmpty()) {
            return List.of();
        }
        List<ImageIdentifier> ids = ids(batch);
        BatchDeleteImageResponse response;
        try {
            response = batchDelete(repository, ids);
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.THROTTLED) {
                throw e;
            }
            // The whole call failed: nothing of this batch is known to be deleted.
            return batch.stream()
                    .map(d -> DeleteOutcome.failed(d, e.code(), e.getMessage()))
                    .toList();
        }
        Map<String, List<String>> confirmed = new HashMap<>();
        for (ImageIdentifier id : response.imageIds()) {
            if (id.imageDigest() != null) {
                List<String> tags =
                        confirmed.computeIfAbsent(id.imageDigest().toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                if (id.imageTag() != null) {
                    tags.add(id.imageTag());
                }
            }
        }
        Map<String, ImageFailure> failures = new HashMap<>();
        for (ImageFailure f : response.failures()) {
            if (f.imageId() != null && f.imageId().imageDigest() != null) {
                failures.put(f.imageId().imageDigest().toLowerCase(Locale.ROOT), f);
            }
        }
        List<DeleteOutcome> outcomes = new ArrayList<>(batch.size());
        for (Digest d : batch) {
            List<String> tags = confirmed.get(d.toString());
            ImageFailure f = failures.get(d.toString());
            if (tags != null) {
                outcomes.add(DeleteOutcome.deleted(d, tags));
            } else if (f == null) {
                outcomes.add(DeleteOutcome.failed(
                        d,
                        DeleteOutcome.UNCONFIRMED,
                        "ECR's answer named this image neither as deleted nor as failed"));
            } else if (f.failureCode() == ImageFailureCode.IMAGE_NOT_FOUND) {
                // Gone before this call, by another hand, or by a retried call whose first answer was lost.
                outcomes.add(DeleteOutcome.skipped(d, SkipReason.GONE_SINCE_PLAN, f.failureReason()));
            } else if (f.failureCode() == ImageFailureCode.IMAGE_REFERENCED_BY_MANIFEST_LIST) {
                outcomes.add(DeleteOutcome.protectedByIndex(d, f.failureCodeAsString(), f.failureReason()));
            } else {
                outcomes.add(DeleteOutcome.failed(d, f.failureCodeAsString(), f.failureReason()));
            }
        }
        return outcomes;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public Location location() {
        return new Location(account.get(), region);
    }

    @Override
    public CallStatistics statistics() {
        return counter.statistics();
    }

    @Override
    public Optional<String> endpoint() {
        return counter.endpoint().map(EcrErrors::redacted);
    }

    @Override
    public String describe() {
        String where = location().describe();
        return settings.endpoint() == null ? where : where + " at " + EcrErrors.redacted(settings.endpoint());
    }

    @Override
    public void close() {
        client.close();
    }

    private static void checkBatch(List<Digest> digests) {
        if (digests.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " images per call, not " + digests.size());
        }
    }

    private static List<ImageIdentifier> ids(List<Digest> digests) {
        return digests.stream()
                .map(d -> ImageIdentifier.builder().imageDigest(d.toString()).build())
                .toList();
    }

    /** One ECR operation; SDK failures become registry errors that name it. */
    private <T> T call(String repository, String operation, Function<EcrClient, T> body) {
        try {
            return body.apply(client);
        } catch (SdkException e) {
            throw EcrErrors.map(e, repository, operation, settings, describe());
        }
    }
}
