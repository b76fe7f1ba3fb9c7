package io.github.ecrsweep.rules;

/** An image's place in its repository's graph. */
public enum ImageKind {
    /** An OCI image index or Docker manifest list. */
    INDEX,
    /** A manifest listed by an index present in the repository. */
    CHILD,
    /** A signature, attestation or SBOM that refers to a subject through the OCI {@code subject} field. */
    REFERRER,
    /** A signature, attestation or SBOM tagged in cosign's {@code sha256-<hex>.sig} scheme: to ECR, a tagged image. */
    SIGNATURE,
    /** A standalone image. */
    IMAGE;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind with this code, as reports write it; a standalone image when the code is unknown. */
    public static ImageKind ofCode(String code) {
        for (ImageKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        return IMAGE;
    }
}
