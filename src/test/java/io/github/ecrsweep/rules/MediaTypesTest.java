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
    void anIndexIsToldByItsTypeWhetherSharedOrNot() {
        for (String type : TYPES) {
            boolean index = type.equals(MediaTypes.OCI_INDEX) || type.equals(MediaTypes.DOCKER_MANIFEST_LIST);
            assertThat(MediaTypes.isIndex(type)).as(type).isEqualTo(index);
            assertThat(MediaTypes.isIndex(new String(type.toCharArray())))
                    .as(type)
                    .isEqualTo(index);
        }
        assertThat(MediaTypes.isIndex(null)).isFalse();
    }
}
