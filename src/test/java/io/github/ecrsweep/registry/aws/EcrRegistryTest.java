package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.ManifestCache;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.MediaTypes;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

class EcrRegistryTest {

    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    private static final EcrSettings SETTINGS = withCache(ManifestCache.none());

    private static EcrSettings withCache(ManifestCache cache) {
        return new EcrSettings("eu-west-1", null, null, null, 3, Duration.ofMinutes(1), cache, false);
    }

    private static Digest sha256(String text) {
        try {
            return new Digest(
                    "sha256",
                    HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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
        return ImageDetail.builder()
                .imageDigest(digest(n))
                .imageTags(tags)
                .imagePushedAt(T.plusSeconds(n))
                .imageSizeInBytes(1000L + n)
                .imageManifestMediaType(MediaTypes.DOCKER_MANIFEST)
                .build();
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

        assertThat(registry.listRepositories())
                .hasSize(1_200)
                .first()
                .extracting(r -> r.name())
                .isEqualTo("repo-0000");
        assertThat(ecr.calls.get("DescribeRepositories")).isEqualTo(2);
    }

    @Test
    void listsImagesWithoutReadingAnyManifest() {
        List<ImageDetail> list = repository("web", 3);
        list.add(detail(1_000, "v1").toBuilder()
                .imageManifestMediaType(MediaTypes.OCI_INDEX)
                .build());

        List<Image> images = registry.listImages("web");

        assertThat(images).hasSize(4).allMatch(i -> i.childDigests().isEmpty());
        assertThat(ecr.calls).doesNotContainKey("BatchGetImage");
    }

    @Test
    void readsIndexChildrenOnceAHundredPerCallThenFromTheCache(@TempDir Path cache) {
        EcrRegistry cached = new EcrRegistry(ecr, withCache(ManifestCache.in(cache)));
        List<ImageDetail> list = repository("web", 3);
        List<Digest> indexes = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            int index = 1_000 + i;
            list.add(detail(index, "v" + i).toBuilder()
                    .imageManifestMediaType(MediaTypes.OCI_INDEX)
                    .build());
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                    + "{\"digest\":\"" + digest(0) + "\",\"platform\":{\"architecture\":\"amd64\"}},"
                    + "{\"digest\":\"" + digest(1) + "\",\"platform\":{\"architecture\":\"arm64\"}}],\"n\":" + i + "}";
            Digest d = sha256(manifest);
            ecr.manifests.put(d.toString(), manifest);
            indexes.add(d);
        }

        Map<Digest, List<Digest>> first = cached.readIndexChildren("web", indexes);
        Map<Digest, List<Digest>> second = cached.readIndexChildren("web", indexes);

        assertThat(ecr.calls.get("BatchGetImage"))
                .as("150 indexes, 100 per call, once in their life")
                .isEqualTo(2);
        assertThat(first)
                .hasSize(150)
                .allSatisfy((index, children) ->
                        assertThat(children).containsExactly(Digest.of(digest(0)), Digest.of(digest(1))));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aCachedManifestThatNoLongerMatchesItsDigestIsNeverBelieved(@TempDir Path cache) throws Exception {
        String manifest = "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + digest(0) + "\"}]}";
        Digest index = sha256(manifest);
        ManifestCache.in(cache).put(index, manifest);
        Path file = cache.resolve("sha256").resolve(index.hex());
        assertThat(file).exists();
        Files.writeString(file, "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + digest(9) + "\"}]}");
        repository("web", 1);
        ecr.manifests.put(index.toString(), manifest);

        Map<Digest, List<Digest>> children =
                new EcrRegistry(ecr, withCache(ManifestCache.in(cache))).readIndexChildren("web", List.of(index));

        assertThat(children.get(index)).containsExactly(Digest.of(digest(0)));
        assertThat(ecr.calls.get("BatchGetImage")).isEqualTo(1);
    }

    @Test
    void namedRepositoriesAreAskedForByNameAndAMissingOneIsLeftOut() {
        repository("team-a/web", 1);
        repository("team-a/api", 1);

        List<String> found = registry.findRepositories(List.of("team-a/web", "team-a/nope", "team-a/api")).stream()
                .map(io.github.ecrsweep.registry.Repository::name)
                .toList();

        assertThat(found).containsExactly("team-a/api", "team-a/web");
        assertThat(registry.location().account()).isEqualTo("123456789012");
        // one call for the three names, then one per name to find the missing one: never the whole registry
        assertThat(ecr.calls.get("DescribeRepositories")).isEqualTo(4);
    }

    @Test
    void describesImagesByDigestAndFindsTheMissingOnesByHalves() {
        repository("web", 100);
        List<Digest> asked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            asked.add(Digest.of(digest(i)));
        }
        ecr.images.get("web").removeIf(d -> d.imageDigest().equals(digest(42)));

        Map<Digest, Image> now = registry.describeImages("web", asked);

        assertThat(now).hasSize(99).doesNotContainKey(Digest.of(digest(42)));
        assertThat(ecr.calls.get("DescribeImages"))
                .as("one call, then halves down to the missing image")
                .isLessThanOrEqualTo(1 + 2 * 7);
    }

    @Test
    void deletedMeansConfirmedByTheAnswerAndEveryFailureMapsToItsImage() {
        repository("web", 100);
        ecr.images.get("web").set(5, detail(5, "tagged-meanwhile"));
        List<Digest> asked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            asked.add(Digest.of(digest(i)));
        }
        ecr.deleteFailures.put(digest(7), "ImageReferencedByManifestList");
        ecr.deleteFailures.put(digest(80), "KmsError");
        ecr.images.get("web").removeIf(d -> d.imageDigest().equals(digest(90)));

        List<DeleteOutcome> outcomes = registry.deleteImages("web", asked);

        assertThat(outcomes).hasSize(100).extracting(DeleteOutcome::digest).containsExactlyElementsOf(asked);
        assertThat(outcomes.get(7).status()).isEqualTo(DeleteOutcome.Status.PROTECTED);
        assertThat(outcomes.get(80).status()).isEqualTo(DeleteOutcome.Status.FAILED);
        assertThat(outcomes.get(80).code()).isEqualTo("KmsError");
        assertThat(outcomes.get(90).status())
                .as("already gone: skipped, not counted as deleted")
                .isEqualTo(DeleteOutcome.Status.SKIPPED);
        assertThat(outcomes.get(90).skip()).isEqualTo(SkipReason.GONE_SINCE_PLAN);
        assertThat(outcomes.get(5).deletedTags())
                .as("ECR says it removed a tag")
                .containsExactly("tagged-meanwhile");
        assertThat(outcomes.stream().filter(o -> o.status() == DeleteOutcome.Status.DELETED))
                .hasSize(97);
    }

    @Test
    void anAnswerThatNamesNothingDeletedConfirmsNothing() {
        repository("web", 3);
        ecr.reportDeletedIds = false;

        List<DeleteOutcome> outcomes =
                registry.deleteImages("web", List.of(Digest.of(digest(0)), Digest.of(digest(1))));

        assertThat(outcomes)
                .allMatch(o -> o.status() == DeleteOutcome.Status.FAILED && DeleteOutcome.UNCONFIRMED.equals(o.code()));
    }

    @Test
    void aCallThatFailsWholeIsReportedAsFailedForEachImage() {
        repository("web", 50);
        List<Digest> asked = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            asked.add(Digest.of(digest(i)));
        }
        ecr.faults.put(
                "BatchDeleteImage", repo -> FakeEcrClient.serviceError("ServerException", 500, "Internal failure"));

        List<DeleteOutcome> outcomes = registry.deleteImages("web", asked);

        assertThat(outcomes)
                .hasSize(50)
                .allMatch(o -> o.status() == DeleteOutcome.Status.FAILED && "ServerException".equals(o.code()));
        assertThat(ecr.images.get("web")).hasSize(50);
    }

    @Test
    void aCallEcrKeptThrottlingIsThrownForTheCallerToSendAgain() {
        repository("web", 5);
        List<Digest> asked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            asked.add(Digest.of(digest(i)));
        }
        ecr.faults.put(
                "BatchDeleteImage", repo -> FakeEcrClient.serviceError("ThrottlingException", 400, "Rate exceeded"));

        assertThatThrownBy(() -> registry.deleteImages("web", asked))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.THROTTLED);
                    assertThat(e.operation()).isEqualTo("BatchDeleteImage");
                });
        assertThat(ecr.images.get("web")).hasSize(5);
    }

    @Test
    void anArchiveEcrKeptThrottlingIsThrownAndOtherFailuresAreTheImages() {
        repository("web", 1);
        Digest image = Digest.of(digest(0));
        assertThat(registry.archiveImage("web", image).status()).isEqualTo(DeleteOutcome.Status.ARCHIVED);

        ecr.faults.put(
                "UpdateImageStorageClass",
                repo -> FakeEcrClient.serviceError("ThrottlingException", 400, "Rate exceeded"));
        assertThatThrownBy(() -> registry.archiveImage("web", image))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.THROTTLED));

        ecr.faults.put(
                "UpdateImageStorageClass",
                repo -> FakeEcrClient.serviceError("ImageNotFoundException", 400, "Requested image not found"));
        DeleteOutcome failed = registry.restoreImage("web", image);
        assertThat(failed.status()).isEqualTo(DeleteOutcome.Status.FAILED);
        assertThat(failed.code()).isEqualTo("ImageNotFoundException");
    }

    @Test
    void moreThanAHundredImagesInOneCallIsAProgrammingError() {
        List<Digest> asked = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            asked.add(Digest.of(digest(i)));
        }
        assertThatThrownBy(() -> registry.deleteImages("web", asked)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.describeImages("web", asked)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accessDeniedNamesTheActionAndTheRepository() {
        repository("web", 1);
        ecr.faults.put(
                "DescribeImages",
                repo -> FakeEcrClient.serviceError(
                        "AccessDeniedException",
                        400,
                        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:DescribeImages"));

        assertThatThrownBy(() -> registry.listImages("web"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.ACCESS_DENIED);
                    assertThat(e.repository()).isEqualTo("web");
                    assertThat(e.operation()).isEqualTo("DescribeImages");
                    assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
                })
                .hasMessage(
                        "access denied: the credentials may not call ecr:DescribeImages on repository 'web' in the caller's account"
                                + " (eu-west-1) (AccessDeniedException)");
    }

    @Test
    void throttlingAfterEveryAttemptSaysSo() {
        repository("web", 1);
        ecr.faults.put(
                "GetLifecyclePolicy", repo -> FakeEcrClient.serviceError("ThrottlingException", 400, "Rate exceeded"));

        assertThatThrownBy(() -> registry.getLifecyclePolicy("web"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.THROTTLED))
                .hasMessageContaining("ECR kept throttling GetLifecyclePolicy on repository 'web' after 3 attempts");
    }

    @Test
    void anUnknownRepositoryIsReportedByName() {
        assertThatThrownBy(() -> registry.listImages("nope"))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.REPOSITORY_NOT_FOUND))
                .hasMessage("repository 'nope' not found in the caller's account (eu-west-1)");
    }

    @Test
    void networkFailuresBecomeOneSentenceFromTheirTypeNotTheirText() {
        repository("web", 1);
        ecr.faults.put(
                "DescribeImages",
                repo -> SdkClientException.create(
                        "Unable to execute HTTP request: Connection refused",
                        new ConnectException("Connection refused")));
        assertThatThrownBy(() -> registry.listImages("web"))
                .hasMessage(
                        "cannot reach ECR at api.ecr.eu-west-1.amazonaws.com: ConnectException (Connection refused)");

        ecr.faults.put(
                "DescribeImages",
                repo -> SdkClientException.create(
                        "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login"));
        assertThatThrownBy(() -> registry.listImages("web"))
                .as("no guess from message text")
                .hasMessage("ECR DescribeImages on repository 'web' failed: SdkClientException");
    }

    @Test
    void readsAndPutsLifecyclePolicies() {
        repository("web", 1);

        assertThat(registry.getLifecyclePolicy("web")).isEmpty();
        registry.putLifecyclePolicy("web", "{\"rules\":[]}");
        assertThat(registry.getLifecyclePolicy("web")).contains("{\"rules\":[]}");
    }
}
