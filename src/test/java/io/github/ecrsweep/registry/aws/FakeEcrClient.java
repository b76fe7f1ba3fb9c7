package io.github.ecrsweep.registry.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageRequest;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageRequest;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyRequest;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.PutLifecyclePolicyRequest;
import software.amazon.awssdk.services.ecr.model.PutLifecyclePolicyResponse;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * An in-memory ECR behind the SDK's own interface: every operation the registry does not use throws
 * (the interface's defaults), the SDK paginators page through this one as they would through ECR.
 */
class FakeEcrClient implements EcrClient {

    final Map<String, List<ImageDetail>> images = new LinkedHashMap<>();
    final Map<String, String> manifests = new HashMap<>();
    final Map<String, String> policies = new HashMap<>();
    final Map<String, Integer> calls = new LinkedHashMap<>();
    final List<List<String>> deleteBatches = new ArrayList<>();
    /** Per-digest failure codes BatchDeleteImage reports. */
    final Map<String, String> deleteFailures = new HashMap<>();
    /** Answers an operation with this exception instead, by operation name. */
    final Map<String, Function<String, RuntimeException>> faults = new HashMap<>();
    /** Whether BatchDeleteImage names what it deleted, as ECR does; some emulators leave the list empty. */
    boolean reportDeletedIds = true;

    static AwsServiceException serviceError(String code, int status, String message) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("ECR")
                        .build())
                .message(message)
                .build();
    }

    private void enter(String operation, String repository) {
        calls.merge(operation, 1, Integer::sum);
        Function<String, RuntimeException> fault = faults.get(operation);
        RuntimeException failure = fault == null ? null : fault.apply(repository);
        if (failure != null) {
            throw failure;
        }
        if (repository != null && !images.containsKey(repository)) {
            throw RepositoryNotFoundException.builder()
                    .message("The repository with name '" + repository + "' does not exist")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("RepositoryNotFoundException")
                            .build())
                    .build();
        }
    }

    @Override
    public DescribeRepositoriesResponse describeRepositories(DescribeRepositoriesRequest request) {
        enter("DescribeRepositories", null);
        if (request.hasRepositoryNames()) {
            for (String name : request.repositoryNames()) {
                if (!images.containsKey(name)) {
                    throw RepositoryNotFoundException.builder()
                            .message("The repository with name '" + name + "' does not exist")
                            .awsErrorDetails(AwsErrorDetails.builder()
                                    .errorCode("RepositoryNotFoundException")
                                    .build())
                            .build();
                }
            }
            return DescribeRepositoriesResponse.builder()
                    .repositories(request.repositoryNames().stream()
                            .map(FakeEcrClient::repository)
                            .toList())
                    .build();
        }
        List<String> names = new ArrayList<>(images.keySet());
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(names.size(), from + request.maxResults());
        List<Repository> page =
                names.subList(from, to).stream().map(FakeEcrClient::repository).toList();
        return DescribeRepositoriesResponse.builder()
                .repositories(page)
                .nextToken(to < names.size() ? String.valueOf(to) : null)
                .build();
    }

    private static Repository repository(String name) {
        return Repository.builder()
                .repositoryName(name)
                .registryId("123456789012")
                .repositoryArn("arn:aws:ecr:eu-west-1:123456789012:repository/" + name)
                .repositoryUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/" + name)
                .build();
    }

    @Override
    public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
        enter("DescribeImages", request.repositoryName());
        List<ImageDetail> all = images.get(request.repositoryName());
        if (request.hasImageIds()) {
            // As ECR: one missing image fails the whole call.
            List<ImageDetail> found = new ArrayList<>();
            for (ImageIdentifier id : request.imageIds()) {
                ImageDetail d = all.stream()
                        .filter(x -> x.imageDigest().equals(id.imageDigest()))
                        .findFirst()
                        .orElseThrow(() -> ImageNotFoundException.builder()
                                .message("The image with imageId {imageDigest:'" + id.imageDigest()
                                        + "'} does not exist")
                                .awsErrorDetails(AwsErrorDetails.builder()
                                        .errorCode("ImageNotFoundException")
                                        .build())
                                .build());
                found.add(d);
            }
            return DescribeImagesResponse.builder().imageDetails(found).build();
        }
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(all.size(), from + request.maxResults());
        return DescribeImagesResponse.builder()
                .imageDetails(all.subList(from, to))
                .nextToken(to < all.size() ? String.valueOf(to) : null)
                .build();
    }

    @Override
    public BatchGetImageResponse batchGetImage(BatchGetImageRequest request) {
        enter("BatchGetImage", request.repositoryName());
        if (request.imageIds().size() > 100) {
            throw serviceError("InvalidParameterException", 400, "Member must have length less than or equal to 100");
        }
        List<Image> found = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        for (ImageIdentifier id : request.imageIds()) {
            String manifest = manifests.get(id.imageDigest());
            if (manifest == null) {
                failures.add(ImageFailure.builder()
                        .imageId(id)
                        .failureCode("ImageNotFound")
                        .failureReason("Requested image not found")
                        .build());
            } else {
                found.add(Image.builder().imageId(id).imageManifest(manifest).build());
            }
        }
        return BatchGetImageResponse.builder().images(found).failures(failures).build();
    }

    @Override
    public BatchDeleteImageResponse batchDeleteImage(BatchDeleteImageRequest request) {
        enter("BatchDeleteImage", request.repositoryName());
        if (request.imageIds().size() > 100) {
            throw serviceError("InvalidParameterException", 400, "Member must have length less than or equal to 100");
        }
        deleteBatches.add(
                request.imageIds().stream().map(ImageIdentifier::imageDigest).toList());
        List<ImageFailure> failures = new ArrayList<>();
        List<ImageIdentifier> deleted = new ArrayList<>();
        for (ImageIdentifier id : request.imageIds()) {
            String code = deleteFailures.get(id.imageDigest());
            ImageDetail image = images.get(request.repositoryName()).stream()
                    .filter(d -> d.imageDigest().equals(id.imageDigest()))
                    .findFirst()
                    .orElse(null);
            if (code == null && image == null) {
                code = "ImageNotFound";
            }
            if (code != null) {
                failures.add(ImageFailure.builder()
                        .imageId(id)
                        .failureCode(code)
                        .failureReason(code + " for " + id.imageDigest())
                        .build());
                continue;
            }
            images.get(request.repositoryName()).remove(image);
            // By digest, ECR deletes the image with its tags, and names each tag it removed.
            if (image.hasImageTags() && !image.imageTags().isEmpty()) {
                image.imageTags()
                        .forEach(t -> deleted.add(ImageIdentifier.builder()
                                .imageDigest(id.imageDigest())
                                .imageTag(t)
                                .build()));
            } else {
                deleted.add(
                        ImageIdentifier.builder().imageDigest(id.imageDigest()).build());
            }
        }
        return BatchDeleteImageResponse.builder()
                .imageIds(reportDeletedIds ? deleted : List.of())
                .failures(failures)
                .build();
    }

    @Override
    public GetLifecyclePolicyResponse getLifecyclePolicy(GetLifecyclePolicyRequest request) {
        enter("GetLifecyclePolicy", request.repositoryName());
        String text = policies.get(request.repositoryName());
        if (text == null) {
            throw LifecyclePolicyNotFoundException.builder()
                    .message("Lifecycle policy does not exist")
                    .build();
        }
        return GetLifecyclePolicyResponse.builder()
                .repositoryName(request.repositoryName())
                .lifecyclePolicyText(text)
                .build();
    }

    @Override
    public PutLifecyclePolicyResponse putLifecyclePolicy(PutLifecyclePolicyRequest request) {
        enter("PutLifecyclePolicy", request.repositoryName());
        policies.put(request.repositoryName(), request.lifecyclePolicyText());
        return PutLifecyclePolicyResponse.builder()
                .repositoryName(request.repositoryName())
                .lifecyclePolicyText(request.lifecyclePolicyText())
                .build();
    }

    /** Moves the image as UpdateImageStorageClass does; ARCHIVED or ACTIVATING in the answer. */
    @Override
    public software.amazon.awssdk.services.ecr.model.UpdateImageStorageClassResponse updateImageStorageClass(
            software.amazon.awssdk.services.ecr.model.UpdateImageStorageClassRequest request) {
        enter("UpdateImageStorageClass", request.repositoryName());
        boolean archive =
                request.targetStorageClass() == software.amazon.awssdk.services.ecr.model.TargetStorageClass.ARCHIVE;
        return software.amazon.awssdk.services.ecr.model.UpdateImageStorageClassResponse.builder()
                .repositoryName(request.repositoryName())
                .imageId(request.imageId())
                .imageStatus(
                        archive
                                ? software.amazon.awssdk.services.ecr.model.ImageStatus.ARCHIVED
                                : software.amazon.awssdk.services.ecr.model.ImageStatus.ACTIVATING)
                .build();
    }

    @Override
    public String serviceName() {
        return "ecr";
    }

    @Override
    public void close() {}
}
