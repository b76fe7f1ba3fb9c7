package io.github.ecrsweep.rules;

/** The manifest media types that matter to the image graph. */
public final class MediaTypes {

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** The media types most images have, each one string for all of them, the most frequent first. */
    private static final String[] COMMON_TYPES = {
        DOCKER_MANIFEST,
        OCI_MANIFEST,
        OCI_INDEX,
        DOCKER_MANIFEST_LIST,
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.dev.cosign.artifact.sig.v1+json",
        "application/vnd.in-toto+json"
    };

    /** Their characters, to be compared with a reader's buffer. */
    private static final char[][] COMMON_CHARS =
            java.util.Arrays.stream(COMMON_TYPES).map(String::toCharArray).toArray(char[][]::new);

    private MediaTypes() {}

    /**
     * The one string of a common media type equal to {@code mediaType}, else {@code mediaType}: a snapshot's
     * million images name a handful of media types, which would otherwise be a million strings.
     */
    public static String shared(String mediaType) {
        for (String type : COMMON_TYPES) {
            if (type.equals(mediaType)) {
                return type;
            }
        }
        return mediaType;
    }

    /**
     * The same, read from {@code length} characters of {@code text} at {@code offset}: a JSON reader's buffer, so
     * that a snapshot's media types are read without a string each.
     */
    public static String shared(char[] text, int offset, int length) {
        for (int i = 0; i < COMMON_TYPES.length; i++) {
            char[] type = COMMON_CHARS[i];
            if (type.length == length && java.util.Arrays.equals(type, 0, length, text, offset, offset + length)) {
                return COMMON_TYPES[i];
            }
        }
        return new String(text, offset, length);
    }
}
