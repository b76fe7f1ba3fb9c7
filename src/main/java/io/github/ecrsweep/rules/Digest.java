package io.github.ecrsweep.rules;

import java.util.Objects;

/**
 * A content digest such as {@code sha256:4f53...}, validated the way ECR validates image digests. A SHA-256
 * digest (all but a few) is held as its 32 bytes in four longs, not as 64 characters of text: a registry export
 * holds hundreds of thousands of them, and the text took 176 bytes of memory each where the longs take 56.
 */
public final class Digest implements Comparable<Digest> {

    private static final String SHA256 = "sha256";
    private static final int SHA256_HEX = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // The service's own check, as quoted in its InvalidImageDigest failure reason: ([a-zA-Z0-9-_+.]+):([a-fA-F0-9]+).
    // Checked by hand: a registry export holds 100,000 of them, and a regular expression per digest costs more
    // than the rest of reading one.

    private final String algorithm;

    /** The hex of a SHA-256 digest, 16 characters in each, most significant first; zero otherwise. */
    private final long h0;

    private final long h1;
    private final long h2;
    private final long h3;

    /** The hex, lower case, of any other digest; null for a SHA-256 one. */
    private final String other;

    public Digest(String algorithm, String hex) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (!isAlgorithm(algorithm, 0, algorithm.length()) || !isHex(hex, 0, hex.length())) {
            throw new IllegalArgumentException("not an image digest: " + algorithm + ":" + hex);
        }
        boolean sha256 = SHA256.equals(algorithm) && hex.length() == SHA256_HEX;
        this.algorithm = SHA256.equals(algorithm) ? SHA256 : algorithm;
        this.h0 = sha256 ? word(hex, 0) : 0;
        this.h1 = sha256 ? word(hex, 16) : 0;
        this.h2 = sha256 ? word(hex, 32) : 0;
        this.h3 = sha256 ? word(hex, 48) : 0;
        this.other = sha256 ? null : hex.toLowerCase(java.util.Locale.ROOT);
    }

    /** The 16 hex characters of {@code text} from {@code from}, as the 64 bits they stand for. */
    private static long word(String text, int from) {
        long w = 0;
        for (int i = from; i < from + 16; i++) {
            w = (w << 4) | Character.digit(text.charAt(i), 16);
        }
        return w;
    }

    /** Parses {@code algorithm:hex}; throws {@link IllegalArgumentException} with the offending text otherwise. */
    public static Digest of(String text) {
        Objects.requireNonNull(text, "digest");
        if (!isValid(text)) {
            throw new IllegalArgumentException(
                    "not an image digest: '" + text + "' (expected algorithm:hex, e.g. sha256:4f53...)");
        }
        int colon = text.indexOf(':');
        if (colon == SHA256.length() && text.startsWith(SHA256) && text.length() == colon + 1 + SHA256_HEX) {
            return new Digest(
                    word(text, colon + 1), word(text, colon + 17), word(text, colon + 33), word(text, colon + 49));
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** A SHA-256 digest of these bits, already checked. */
    private Digest(long h0, long h1, long h2, long h3) {
        this.algorithm = SHA256;
        this.h0 = h0;
        this.h1 = h1;
        this.h2 = h2;
        this.h3 = h3;
        this.other = null;
    }

    /** The algorithm, such as {@code sha256}. */
    public String algorithm() {
        return algorithm;
    }

    /** The hex, lower case. */
    public String hex() {
        if (other != null) {
            return other;
        }
        char[] text = new char[SHA256_HEX];
        long[] words = {h0, h1, h2, h3};
        for (int w = 0; w < 4; w++) {
            for (int i = 0; i < 16; i++) {
                text[w * 16 + i] = HEX[(int) (words[w] >>> (60 - 4 * i)) & 0xf];
            }
        }
        return new String(text);
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
        String hex = hex();
        return hex.length() <= 12 ? hex : hex.substring(0, 12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d
                && h0 == d.h0
                && h1 == d.h1
                && h2 == d.h2
                && h3 == d.h3
                && algorithm.equals(d.algorithm)
                && Objects.equals(other, d.other);
    }

    @Override
    public int hashCode() {
        return other != null ? 31 * algorithm.hashCode() + other.hashCode() : Long.hashCode(h0 ^ h1 ^ h2 ^ h3);
    }

    /** By algorithm, then by hex as text. */
    @Override
    public int compareTo(Digest o) {
        int c = algorithm.compareTo(o.algorithm);
        if (c != 0) {
            return c;
        }
        if (other == null && o.other == null) {
            // The words' unsigned order is the order of their hex text.
            c = Long.compareUnsigned(h0, o.h0);
            c = c != 0 ? c : Long.compareUnsigned(h1, o.h1);
            c = c != 0 ? c : Long.compareUnsigned(h2, o.h2);
            return c != 0 ? c : Long.compareUnsigned(h3, o.h3);
        }
        return hex().compareTo(o.hex());
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex();
    }
}
