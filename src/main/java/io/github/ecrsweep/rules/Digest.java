package io.github.ecrsweep.rules;

import java.util.Objects;

/** A content digest such as {@code sha256:4f53...}, validated the way ECR validates image digests. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

    // The service's own check, as quoted in its InvalidImageDigest failure reason: ([a-zA-Z0-9-_+.]+):([a-fA-F0-9]+).
    // Checked by hand: a registry export holds 100,000 of them, and a regular expression per digest costs more
    // than the rest of reading one.

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (!isAlgorithm(algorithm, 0, algorithm.length()) || !isHex(hex, 0, hex.length())) {
            throw new IllegalArgumentException("not an image digest: " + algorithm + ":" + hex);
        }
        hex = hex.toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code algorithm:hex}; throws {@link IllegalArgumentException} with the offending text otherwise. */
    public static Digest of(String text) {
        Objects.requireNonNull(text, "digest");
        if (!isValid(text)) {
            throw new IllegalArgumentException(
                    "not an image digest: '" + text + "' (expected algorithm:hex, e.g. sha256:4f53...)");
        }
        int colon = text.indexOf(':');
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Whether {@code text} is a well-formed digest. */
    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        int colon = text.indexOf(':');
        return colon > 0 && isAlgorithm(text, 0, colon) && isHex(text, colon + 1, text.length());
    }

    private static boolean isAlgorithm(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '+'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
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
