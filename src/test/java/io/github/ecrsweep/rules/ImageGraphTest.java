package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The graph finds each image by its digest, and no other: seeded registries of every size, any algorithm. */
class ImageGraphTest {

    private static Digest random(Random random) {
        if (random.nextInt(10) == 0) {
            byte[] bytes = new byte[64];
            random.nextBytes(bytes);
            return new Digest("sha512", HexFormat.of().formatHex(bytes));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new Digest("sha256", HexFormat.of().formatHex(bytes));
    }

    @Test
    void everyImageIsFoundByItsDigestAndAbsentDigestsAreNot() {
        Random random = new Random(28);
        for (int n : new int[] {0, 1, 2, 3, 7, 64, 1000, 20_000}) {
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                images.add(Image.builder(random(random), Instant.ofEpochSecond(1_700_000_000L + random.nextInt(500)))
                        .build());
            }
            ImageGraph graph = ImageGraph.of(images);

            assertThat(graph.size()).isEqualTo(n);
            for (Image image : images) {
                assertThat(graph.get(image.digest())).contains(image);
                assertThat(graph.at(graph.position(image.digest()))).isSameAs(image);
            }
            for (int i = 0; i < 1000; i++) {
                Digest absent = random(random);
                assertThat(graph.get(absent)).isEmpty();
                assertThat(graph.position(absent)).isEqualTo(-1);
            }
        }
    }

    @Test
    void aDigestListedTwiceIsRefused() {
        Digest twice = TestImages.digestOf("twice");
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            images.add(TestImages.image("image-" + i, Instant.ofEpochSecond(i)).build());
        }
        images.add(Image.builder(twice, Instant.ofEpochSecond(7)).build());
        images.add(Image.builder(twice, Instant.ofEpochSecond(9)).build());

        assertThatThrownBy(() -> ImageGraph.of(images))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image listed twice: " + twice);
    }

    @Test
    void childrenAndSubjectsAreFoundAmongTheImagesOnly() {
        Image child = TestImages.image("child", Instant.ofEpochSecond(10)).build();
        Image index = TestImages.image("index", Instant.ofEpochSecond(20), "v1")
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(child.digest(), TestImages.digestOf("gone"), TestImages.digestOf("index")))
                .build();
        Image signature = TestImages.image("signature", Instant.ofEpochSecond(30))
                .subjectDigest(index.digest())
                .build();
        Image orphan = TestImages.image("orphan", Instant.ofEpochSecond(40))
                .subjectDigest(TestImages.digestOf("gone"))
                .build();

        ImageGraph graph = ImageGraph.of(List.of(child, index, signature, orphan));

        assertThat(graph.childrenOf(index)).containsExactly(child);
        assertThat(graph.parentsOf(child)).containsExactly(index);
        assertThat(graph.referrersOf(index)).containsExactly(signature);
        assertThat(graph.subjectOf(signature)).contains(index);
        assertThat(graph.isOrphanReferrer(orphan)).isTrue();
        assertThat(graph.isOrphanReferrer(signature)).isFalse();
        assertThatThrownBy(() ->
                        graph.kindOf(TestImages.image("stranger", Instant.EPOCH).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not in this repository: ");
    }
}
