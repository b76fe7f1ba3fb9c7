package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.MediaTypes;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

class EcrRegistryTest {

    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    private static final EcrSettings SETTINGS = new EcrSettings("eu-west-1", null, null, null, 3, Duration.ofMinutes(1));

    private final FakeEcrClient ecr = new FakeEcrClient();
    private final EcrRegistry registry = new EcrRegistry(ecr, SETTINGS);

    private static String digest(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) (n >> 24);
        b[1] = (byte) (n >> 16);
        b[2] = (byte) (n >> 8);
        b[3] = (byte) n;
        return "sha256:" + HexFormat.of().formatHex(b);
    }

    private static ImageDetail detail(int n, String... tags) {
        return ImageDetail.builder().imageDigest(digest(n)).imageTags(tags).imagePushedAt(T.plusSeconds(n))
                .imageSizeInBytes(1000L + n).imageManifestMediaType(MediaTypes.DOCKER_MANIFEST).build();
    }

    private List<ImageDetail> repository(String name, int count) {
        List<ImageDetail> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(detail(i));
        }
        ecr.images.put(name, list);
        return list;
    }

    @Test
    void pagesThroughEveryImageAtAThousandPerCall() {
        repository("web", 2_500);

        List<Image> images = registry.listImages("web");

        assertThat(images).hasSize(2_500);
        assertThat(ecr.calls.get("DescribeImages")).isEqualTo(3);
        assertThat(ecr.calls).doesNotContainKey("BatchGetImage");
    }

    @Test
    void pagesThroughRepositoriesSortedByName() {
        for (int i = 0; i < 1_200; i++) {
            ecr.images.put(String.format("repo-%04d", 1_199 - i), new ArrayList<>());
        }

        assertThat(registry.listRepositories()).hasSize(1_200).first().extracting(r -> r.name()).isEqualTo("repo-0000");
        assertThat(ecr.calls.get("DescribeRepositories")).isEqualTo(2);
    }

    @Test
    void readsOnlyIndexManifestsAndFillsInTheirChildren() {
        List<ImageDetail> list = repository("web", 3);
        for (int i = 0; i < 150; i++) {
            int index = 1_000 + i;
            list.add(detail(index, "v" + i).toBuilder().imageManifestMediaType(MediaTypes.OCI_INDEX).build());
            ecr.manifests.put(digest(index), "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                    + "{\"digest\":\"" + digest(0) + "\",\"platform\":{\"architecture\":\"amd64\"}},"
                    + "{\"digest\":\"" + digest(1) + "\",\"platform\":{\"architecture\":\"arm64\"}}]}");
        }

        List<Image> images = registry.listImages("web");

        assertThat(ecr.calls.get("BatchGetImage")).as("150 indexes, 100 per call").isEqualTo(2);
        Image first = images.stream().filter(i -> i.digest().toString().equals(digest(1_000))).findFirst().orElseThrow();
        assertThat(first.childDigests()).containsExactly(Digest.of(digest(0)), Digest.of(digest(1)));
        assertThat(images.stream().filter(i -> !i.isIndex())).allMatch(i -> i.childDigests().isEmpty());
    }

    @Test
    void deletesInBatchesOfAHundredAndMapsEveryFailureToItsImage() {
        repository("web", 250);
        List<Digest> asked = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            asked.add(Digest.of(digest(i)));
        }
        ecr.deleteFailures.put(digest(7), "ImageReferencedByManifestList");
        ecr.deleteFailures.put(digest(180), "KmsError");
        ecr.deleteFailures.put(digest(200), "ImageNotFound");

        List<DeleteOutcome> outcomes = registry.deleteImages("web", asked);

        assertThat(ecr.deleteBatches).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(outcomes).hasSize(250).extracting(DeleteOutcome::digest).containsExactlyElementsOf(asked);
        assertThat(outcomes.get(7).status()).isEqualTo(DeleteOutcome.Status.PROTECTED);
        assertThat(outcomes.get(180).status()).isEqualTo(DeleteOutcome.Status.FAILED);
        assertThat(outcomes.get(180).failureCode()).isEqualTo("KmsError");
        assertThat(outcomes.get(200).status()).as("already gone").isEqualTo(DeleteOutcome.Status.DELETED);
        assertThat(outcomes.stream().filter(o -> o.status() == DeleteOutcome.Status.DELETED)).hasSize(248);
        assertThat(ecr.images.get("web")).extracting(ImageDetail::imageDigest).containsExactlyInAnyOrder(digest(7), digest(180), digest(200));
    }

    @Test
    void aBatchThatFailsWholeIsReportedAsFailedForEachImageAndTheRestGoesOn() {
        repository("web", 150);
        List<Digest> asked = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            asked.add(Digest.of(digest(i)));
        }
        int[] call = {0};
        ecr.faults.put("BatchDeleteImage", repo -> {
            if (++call[0] == 1) {
                return FakeEcrClient.serviceError("ThrottlingException", 400, "Rate exceeded");
            }
            ecr.faults.remove("BatchDeleteImage");
            return null;
        });

        List<DeleteOutcome> outcomes = registry.deleteImages("web", asked);

        assertThat(outcomes.subList(0, 100)).allMatch(o -> o.status() == DeleteOutcome.Status.FAILED
                && "ThrottlingException".equals(o.failureCode()));
        assertThat(outcomes.subList(100, 150)).allMatch(o -> o.status() == DeleteOutcome.Status.DELETED);
        assertThat(ecr.images.get("web")).hasSize(100);
    }

    @Test
    void accessDeniedNamesTheActionAndTheRepository() {
        repository("web", 1);
        ecr.faults.put("DescribeImages", repo -> FakeEcrClient.serviceError("AccessDeniedException", 400,
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:DescribeImages"));

        assertThatThrownBy(() -> registry.listImages("web"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.ACCESS_DENIED);
                    assertThat(e.repository()).isEqualTo("web");
                    assertThat(e.operation()).isEqualTo("DescribeImages");
                    assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
                })
                .hasMessage("access denied: the credentials may not call ecr:DescribeImages on repository 'web' (AccessDeniedException)");
    }

    @Test
    void throttlingAfterEveryAttemptSaysSo() {
        repository("web", 1);
        ecr.faults.put("GetLifecyclePolicy", repo -> FakeEcrClient.serviceError("ThrottlingException", 400, "Rate exceeded"));

        assertThatThrownBy(() -> registry.getLifecyclePolicy("web"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.THROTTLED))
                .hasMessageContaining("ECR kept throttling GetLifecyclePolicy on repository 'web' after 3 attempts");
    }

    @Test
    void anUnknownRepositoryIsReportedByName() {
        assertThatThrownBy(() -> registry.listImages("nope"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.REPOSITORY_NOT_FOUND))
                .hasMessage("repository 'nope' not found");
    }

    @Test
    void clientSideFailuresBecomeOneSentence() {
        repository("web", 1);
        ecr.faults.put("DescribeImages", repo -> SdkClientException.create("Unable to load region from any of the providers in the chain ..."));
        assertThatThrownBy(() -> registry.listImages("web")).hasMessage("no AWS region: pass --region, set AWS_REGION, or set a region in the profile");

        ecr.faults.put("DescribeImages", repo -> SdkClientException.create("Unable to load credentials from any of the providers in the chain"
                + " AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), ...]) : [...]"));
        assertThatThrownBy(() -> registry.listImages("web")).hasMessageStartingWith("no AWS credentials found: ")
                .hasMessageNotContaining("AwsCredentialsProviderChain");

        ecr.faults.put("DescribeImages", repo -> SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused")));
        assertThatThrownBy(() -> registry.listImages("web")).hasMessage("cannot reach ECR at api.ecr.eu-west-1.amazonaws.com: ConnectException (Connection refused)");

        ecr.faults.put("DescribeImages", repo -> SdkClientException.create(
                "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login"));
        assertThatThrownBy(() -> registry.listImages("web")).hasMessageStartingWith("the SSO session has expired or was never started: run 'aws sso login");
    }

    @Test
    void readsAndPutsLifecyclePolicies() {
        repository("web", 1);

        assertThat(registry.getLifecyclePolicy("web")).isEmpty();
        registry.putLifecyclePolicy("web", "{\"rules\":[]}");
        assertThat(registry.getLifecyclePolicy("web")).contains("{\"rules\":[]}");
    }
}
