package io.github.ecrsweep.rules;

import java.util.Set;

/** The manifest media types that matter to the image graph. */
public final class MediaTypes {

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

    /** The media types most images have, each one string for all of them. */
    private static final java.util.Map<String, String> COMMON = java.util.stream.Stream.of(
                    OCI_INDEX,
                    DOCKER_MANIFEST_LIST,
                    OCI_MANIFEST,
                    DOCKER_MANIFEST,
                    "application/vnd.oci.image.config.v1+json",
                    "application/vnd.docker.container.image.v1+json",
                    "application/vnd.dev.cosign.artifact.sig.v1+json",
                    "application/vnd.in-toto+json")
            .collect(java.util.stream.Collectors.toUnmodifiableMap(t -> t, t -> t));

    private MediaTypes() {}

    /**
     * The one string of a common media type equal to {@code mediaType}, else {@code mediaType}: a snapshot's
     * million images name a handful of media types, which would otherwise be a million strings.
     */
    public static String shared(String mediaType) {
        return mediaType == null ? null : COMMON.getOrDefault(mediaType, mediaType);
    }

    /** Whether a manifest of this media type lists other manifests (an OCI index or a Docker manifest list). */
    public static boolean isIndex(String mediaType) {
        return mediaType != null && INDEXES.contains(mediaType);
    }
}
