package io.github.ecrsweep.registry.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.ImageStatus;
import io.github.ecrsweep.rules.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesFilter;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageStatusFilter;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;

/**
 * The registry over Amazon ECR: SDK paginators at 1,000 per page, index manifests read only for index
 * media types (and only after DescribeImages, since reading a manifest can move its pull time),
 * deletions by digest in calls of 100 with every failure mapped back to its image.
 */
public final class EcrRegistry implements Registry {

    static final int PAGE_SIZE = 1000;
    static final int BATCH_SIZE = 100;
    private static final List<String> MANIFEST_TYPES = List.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EcrClient client;
    private final EcrSettings settings;
    private final CallCounter counter;

    public EcrRegistry(EcrClient client, EcrSettings settings) {
        this(client, settings, new CallCounter());
    }

    private EcrRegistry(EcrClient client, EcrSettings settings, CallCounter counter) {
        this.client = client;
        this.settings = settings;
        this.counter = counter;
    }

    /**
     * Builds the one client of the run: url-connection HTTP, and the adaptive retry strategy with the
     * configured attempts. Adaptive adds client-side rate limiting: the workers share this client, so
     * when ECR throttles, the whole run slows down instead of every worker retrying at full speed.
     */
    public static EcrRegistry create(EcrSettings settings) {
        CallCounter counter = new CallCounter();
        try {
            EcrClientBuilder builder = EcrClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(java.time.Duration.ofSeconds(10))
                            .socketTimeout(java.time.Duration.ofSeconds(60)))
                    .overrideConfiguration(o -> {
                        o.retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts()).build());
                        o.addMetricPublisher(counter);
                        if (settings.callTimeout() != null) {
                            o.apiCallTimeout(settings.callTimeout());
                        }
                        if (settings.profile() != null) {
                            o.defaultProfileName(settings.profile());
                        }
                    });
            if (settings.profile() != null) {
                builder.credentialsProvider(DefaultCredentialsProvider.builder().profileName(settings.profile()).build());
            }
            if (settings.region() != null) {
                builder.region(Region.of(settings.region()));
            }
            if (settings.endpoint() != null) {
                builder.endpointOverride(settings.endpoint());
            }
            return new EcrRegistry(builder.build(), settings, counter);
        } catch (SdkException e) {
            throw EcrErrors.map(e, null, "CreateClient", settings);
        }
    }

    /**
     * Loads and runs the SDK's ECR code paths against canned answers, without a network: a training run
     * for a class-data-sharing archive, so that real runs start with those classes ready.
     */
    public static void warmUp() {
        software.amazon.awssdk.core.warmup.SdkWarmUp.warmUp(EcrClient.class);
    }

    @Override
    public List<Repository> listRepositories() {
        return call(null, "DescribeRepositories", () -> {
            List<Repository> result = new ArrayList<>();
            client.describeRepositoriesPaginator(r -> r.registryId(settings.registryId()).maxResults(PAGE_SIZE))
                    .repositories()
                    .forEach(r -> result.add(new Repository(r.repositoryName(), r.repositoryUri(), r.createdAt())));
            result.sort(Comparator.comparing(Repository::name));
            return result;
        });
    }

    @Override
    public List<Image> listImages(String repository) {
        List<ImageDetail> details = call(repository, "DescribeImages", () -> {
            List<ImageDetail> all = new ArrayList<>();
            client.describeImagesPaginator(r -> r.repositoryName(repository).registryId(settings.registryId())
                            .maxResults(PAGE_SIZE)
                            .filter(DescribeImagesFilter.builder().imageStatus(ImageStatusFilter.ANY).build()))
                    .imageDetails()
                    .forEach(all::add);
            return all;
        });
        Map<String, List<Digest>> children = readIndexChildren(repository, details);
        List<Image> images = new ArrayList<>(details.size());
        for (ImageDetail d : details) {
            images.add(toImage(d, children.getOrDefault(d.imageDigest(), List.of())));
        }
        return images;
    }

    /** Reads the manifests of index media types only, 100 per call, and returns each index's child digests. */
    private Map<String, List<Digest>> readIndexChildren(String repository, List<ImageDetail> details) {
        List<String> indexes = details.stream()
                .filter(d -> MediaTypes.isIndex(d.imageManifestMediaType()))
                .map(ImageDetail::imageDigest)
                .toList();
        Map<String, List<Digest>> result = new HashMap<>();
        for (int from = 0; from < indexes.size(); from += BATCH_SIZE) {
            List<ImageIdentifier> ids = indexes.subList(from, Math.min(from + BATCH_SIZE, indexes.size())).stream()
                    .map(d -> ImageIdentifier.builder().imageDigest(d).build()).toList();
            BatchGetImageResponse response = call(repository, "BatchGetImage", () -> client.batchGetImage(r -> r
                    .repositoryName(repository).registryId(settings.registryId()).imageIds(ids).acceptedMediaTypes(MANIFEST_TYPES)));
            // An index whose manifest could not be read keeps unknown children: the planners then protect
            // every untagged manifest of the repository rather than guess.
            response.images().forEach(image -> result.put(image.imageId().imageDigest(), childDigests(image.imageManifest())));
        }
        return result;
    }

    private static List<Digest> childDigests(String manifest) {
        List<Digest> digests = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(manifest);
            for (JsonNode m : root.path("manifests")) {
                String d = m.path("digest").asText(null);
                if (Digest.isValid(d)) {
                    digests.add(Digest.of(d));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return digests;
    }

    static Image toImage(ImageDetail d, List<Digest> children) {
        ImageStatus status = d.imageStatus() == null ? ImageStatus.ACTIVE : switch (d.imageStatus()) {
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

    @Override
    public Optional<String> getLifecyclePolicy(String repository) {
        return call(repository, "GetLifecyclePolicy", () -> {
            try {
                return Optional.of(client.getLifecyclePolicy(r -> r.repositoryName(repository)
                        .registryId(settings.registryId())).lifecyclePolicyText());
            } catch (LifecyclePolicyNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void putLifecyclePolicy(String repository, String policyText) {
        call(repository, "PutLifecyclePolicy", () -> client.putLifecyclePolicy(r -> r.repositoryName(repository)
                .registryId(settings.registryId()).lifecyclePolicyText(policyText)));
    }

    @Override
    public List<DeleteOutcome> deleteImages(String repository, List<Digest> digests) {
        List<DeleteOutcome> outcomes = new ArrayList<>(digests.size());
        for (int from = 0; from < digests.size(); from += BATCH_SIZE) {
            List<Digest> batch = digests.subList(from, Math.min(from + BATCH_SIZE, digests.size()));
            outcomes.addAll(deleteBatch(repository, batch));
        }
        return outcomes;
    }

    private List<DeleteOutcome> deleteBatch(String repository, List<Digest> batch) {
        List<ImageIdentifier> ids = batch.stream().map(d -> ImageIdentifier.builder().imageDigest(d.toString()).build()).toList();
        BatchDeleteImageResponse response;
        try {
            response = call(repository, "BatchDeleteImage", () -> client.batchDeleteImage(r -> r
                    .repositoryName(repository).registryId(settings.registryId()).imageIds(ids)));
        } catch (RegistryException e) {
            // The whole call failed: nothing of this batch is known to be deleted.
            String code = e.errorCode() != null ? e.errorCode() : e.kind().name();
            return batch.stream().map(d -> DeleteOutcome.failed(d, code, e.getMessage())).toList();
        }
        Map<String, ImageFailure> failures = new HashMap<>();
        for (ImageFailure f : response.failures()) {
            if (f.imageId() != null && f.imageId().imageDigest() != null) {
                failures.put(f.imageId().imageDigest().toLowerCase(java.util.Locale.ROOT), f);
            }
        }
        // What was asked decides: every asked digest not reported as failed is deleted. The response's
        // imageIds are not counted (some implementations leave them empty for untagged images).
        List<DeleteOutcome> outcomes = new ArrayList<>(batch.size());
        for (Digest d : batch) {
            ImageFailure f = failures.get(d.toString());
            if (f == null || "ImageNotFound".equals(f.failureCodeAsString())) {
                // Not there (any more): a retried call whose first answer was lost finds it gone. The goal holds.
                outcomes.add(DeleteOutcome.deleted(d));
            } else if ("ImageReferencedByManifestList".equals(f.failureCodeAsString())) {
                outcomes.add(new DeleteOutcome(d, DeleteOutcome.Status.PROTECTED, f.failureCodeAsString(), f.failureReason()));
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
    public CallStatistics statistics() {
        return counter.statistics();
    }

    @Override
    public String describe() {
        String where = settings.endpoint() != null ? settings.endpoint().toString()
                : settings.region() != null ? "ECR in " + settings.region() : "ECR";
        return settings.registryId() == null ? where : where + " (registry " + settings.registryId() + ")";
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T call(String repository, String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (SdkException e) {
            throw EcrErrors.map(e, repository, operation, settings);
        }
    }
}
