package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Media types: one string for each common type whichever way it is read, and an index told by its type. */
class MediaTypesTest {

    private static final String[] TYPES = {
        MediaTypes.DOCKER_MANIFEST,
        MediaTypes.OCI_MANIFEST,
        MediaTypes.OCI_INDEX,
        MediaTypes.DOCKER_MANIFEST_LIST,
        "application/vnd.in-toto+json",
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.oci.image.manifest.v1+jsoN",
        "",
        "x"
    };

    @Test
    void aCommonTypeIsOneStringFromTextAndFromABuffer() {
        for (String type : TYPES) {
            String copy = new String(type.toCharArray());
            char[] buffer = ("{\"" + type + "\"}").toCharArray();

            String fromText = MediaTypes.shared(copy);
            String fromBuffer = MediaTypes.shared(buffer, 2, type.length());

            assertThat(fromText).as(type).isEqualTo(type);
            assertThat(fromBuffer).as(type).isEqualTo(type);
            if (fromText != copy) {
                assertThat(fromBuffer).as(type + " is shared").isSameAs(fromText);
            }
        }
        assertThat(MediaTypes.shared(new String(MediaTypes.OCI_INDEX.toCharArray())))
                .isSameAs(MediaTypes.OCI_INDEX);
    }

    @Test
    void anImageIsAnIndexByItsTypeWhetherTheTypeWasReadAsTheSharedStringOrNot() {
        java.time.Instant at = java.time.Instant.EPOCH;
        for (String type : TYPES) {
            boolean index = type.equals(MediaTypes.OCI_INDEX) || type.equals(MediaTypes.DOCKER_MANIFEST_LIST);
            for (String read : new String[] {type, new String(type.toCharArray())}) {
                Image image = TestImages.image("i", at).manifestMediaType(read).build();
                assertThat(image.isIndex()).as(type).isEqualTo(index);
                assertThat(image.toBuilder().build().isIndex()).as(type).isEqualTo(index);
            }
        }
        assertThat(TestImages.image("i", at).build().isIndex()).isFalse();
        assertThat(TestImages.image("i", at)
                        .manifestMediaType(MediaTypes.OCI_INDEX)
                        .build()
                        .childrenUnknown())
                .as("an index none of whose manifest was read")
                .isTrue();
        assertThat(TestImages.image("i", at).build().childrenUnknown()).isFalse();
        assertThat(TestImages.image("i", at)
                        .childDigests(java.util.List.of(TestImages.digestOf("child")))
                        .build()
                        .isIndex())
                .as("an image that lists children, whatever its type")
                .isTrue();
        assertThat(TestImages.image("i", at)
                        .manifestMediaType(MediaTypes.DOCKER_MANIFEST_LIST)
                        .childDigests(java.util.List.of(TestImages.digestOf("child")))
                        .build()
                        .childrenUnknown())
                .as("an index whose children were read")
                .isFalse();
    }
}
