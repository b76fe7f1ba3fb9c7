package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/** The emulator behaves like ECR where the other end-to-end tests rely on it. */
@ExtendWith(EcrEmulator.class)
class EmulatorIT {

    @Test
    void pagesAtAHundredByDefaultAndUpToAThousand(EcrEmulator.Server ecr) {
        Seed seed = new Seed();
        for (int i = 0; i < 1_050; i++) {
            seed.image(
                    "paged", "p" + i, EndToEndIT.daysAgo(i % 7), i % 2 == 0 ? new String[] {"t" + i} : new String[0]);
        }
        ecr.seed(seed);
        try (EcrClient client = ecr.client()) {
            DescribeImagesResponse first = client.describeImages(r -> r.repositoryName("paged"));
            assertThat(first.imageDetails()).hasSize(100);
            assertThat(first.nextToken()).isNotBlank().doesNotContain("100");
            assertThat(client.describeImages(r -> r.repositoryName("paged").maxResults(1000))
                            .imageDetails())
                    .hasSize(1000);
            List<ImageDetail> all = new ArrayList<>();
            client.describeImagesPaginator(r -> r.repositoryName("paged").maxResults(1000))
                    .imageDetails()
                    .forEach(all::add);
            assertThat(all).hasSize(1_050);
            assertThat(client.describeImages(r -> r.repositoryName("paged")
                                    .maxResults(1000)
                                    .filter(f -> f.tagStatus(TagStatus.UNTAGGED)))
                            .imageDetails())
                    .hasSize(525)
                    .allMatch(d -> !d.hasImageTags() || d.imageTags().isEmpty());
            assertThatThrownBy(() ->
                            client.describeImages(r -> r.repositoryName("paged").maxResults(1001)))
                    .isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void seededAttributesAndDigestsFromManifestBytes(EcrEmulator.Server ecr) {
        Seed seed = new Seed();
        SeedImage plain = seed.add(
                "attrs",
                new SeedImage(
                        "a",
                        "{\"schemaVersion\":2,\"mediaType\":\"" + Seed.DOCKER_MANIFEST + "\",\"layers\":[]}",
                        Seed.DOCKER_MANIFEST,
                        List.of("v1"),
                        EndToEndIT.daysAgo(10),
                        EndToEndIT.daysAgo(2),
                        12_345,
                        null,
                        null));
        SeedImage sig = seed.referrer("attrs", "sig", plain, EndToEndIT.daysAgo(9));
        ecr.seed(seed);
        try (EcrClient client = ecr.client()) {
            List<ImageDetail> details =
                    client.describeImages(r -> r.repositoryName("attrs")).imageDetails();
            ImageDetail a = details.stream()
                    .filter(d -> d.imageDigest().equals(plain.digest()))
                    .findFirst()
                    .orElseThrow();
            assertThat(a.imageSizeInBytes()).isEqualTo(12_345);
            assertThat(a.imagePushedAt().getEpochSecond())
                    .isEqualTo(plain.pushedAt().getEpochSecond());
            assertThat(a.lastRecordedPullTime().getEpochSecond())
                    .isEqualTo(plain.lastPulled().getEpochSecond());
            ImageDetail s = details.stream()
                    .filter(d -> d.imageDigest().equals(sig.digest()))
                    .findFirst()
                    .orElseThrow();
            assertThat(s.subjectManifestDigest()).isEqualTo(plain.digest());
        }
    }

    @Test
    void aMovedTagLeavesTheOldImageUntagged(EcrEmulator.Server ecr) {
        try (EcrClient client = ecr.client()) {
            client.createRepository(r -> r.repositoryName("moving"));
            String one = "{\"schemaVersion\":2,\"mediaType\":\"" + Seed.DOCKER_MANIFEST
                    + "\",\"config\":{\"size\":1,\"digest\":\"sha256:01\"},\"layers\":[]}";
            String two = one.replace("sha256:01", "sha256:02");
            client.putImage(r -> r.repositoryName("moving").imageManifest(one).imageTag("latest"));
            client.putImage(r -> r.repositoryName("moving").imageManifest(two).imageTag("latest"));
            List<ImageDetail> details =
                    client.describeImages(r -> r.repositoryName("moving")).imageDetails();
            assertThat(details).hasSize(2);
            ImageDetail old = details.stream()
                    .filter(d -> d.imageDigest().equals(Seed.sha256(one)))
                    .findFirst()
                    .orElseThrow();
            assertThat(old.imageTags()).isEmpty();
        }
    }

    @Test
    void deletionsReportUntaggedImagesProtectChildrenOfLiveIndexesAndRejectMoreThanAHundred(EcrEmulator.Server ecr) {
        Seed seed = new Seed();
        SeedImage child = seed.image("graph", "child", EndToEndIT.daysAgo(5));
        SeedImage index = seed.index("graph", "index", Seed.OCI_INDEX, EndToEndIT.daysAgo(5), List.of(child), "v1");
        SeedImage loose = seed.image("graph", "loose", EndToEndIT.daysAgo(5));
        ecr.seed(seed);
        try (EcrClient client = ecr.client()) {
            BatchDeleteImageResponse r = client.batchDeleteImage(b -> b.repositoryName("graph")
                    .imageIds(
                            ImageIdentifier.builder()
                                    .imageDigest(loose.digest())
                                    .build(),
                            ImageIdentifier.builder()
                                    .imageDigest(child.digest())
                                    .build()));
            assertThat(r.imageIds()).extracting(ImageIdentifier::imageDigest).containsExactly(loose.digest());
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.failureCodeAsString()).isEqualTo("ImageReferencedByManifestList");
                assertThat(f.failureReason()).contains(index.digest());
            });
            List<ImageIdentifier> tooMany = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                tooMany.add(ImageIdentifier.builder()
                        .imageDigest(Seed.sha256("x" + i))
                        .build());
            }
            assertThatThrownBy(() -> client.batchDeleteImage(
                            b -> b.repositoryName("graph").imageIds(tooMany)))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("less than or equal to 100");
        }
    }
}
