package io.github.ecrsweep.rules;

import java.util.Objects;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:4f53...}, validated the way ECR validates image digests. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

    // The service's own check, as quoted in its InvalidImageDigest failure reason.
    private static final Pattern FORM = Pattern.compile("([a-zA-Z0-9-_+.]+):([a-fA-F0-9]+)");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (!FORM.matcher(algorithm + ":" + hex).matches()) {
            throw new IllegalArgumentException("not an image digest: " + algorithm + ":" + hex);
        }
        hex = hex.toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code algorithm:hex}; throws {@link IllegalArgumentException} with the offending text otherwise. */
    public static Digest of(String text) {
        Objects.requireNonNull(text, "digest");
        var m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not an image digest: '" + text + "' (expected algorithm:hex, e.g. sha256:4f53...)");
        }
        return new Digest(m.group(1), m.group(2));
    }

    /** Whether {@code text} is a well-formed digest. */
    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    /** The first 12 hex characters, as {@code docker images} shows them. */
    public String shortForm() {
        return hex.length() <= 12 ? hex : hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest other) {
        int c = algorithm.compareTo(other.algorithm);
        return c != 0 ? c : hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
