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
        Digest sha256 = SHA256.equals(algorithm) && hex.length() == SHA256_HEX ? sha256(hex.toCharArray(), 0) : null;
        this.algorithm = SHA256.equals(algorithm) ? SHA256 : algorithm;
        this.h0 = sha256 != null ? sha256.h0 : 0;
        this.h1 = sha256 != null ? sha256.h1 : 0;
        this.h2 = sha256 != null ? sha256.h2 : 0;
        this.h3 = sha256 != null ? sha256.h3 : 0;
        this.other = sha256 != null ? null : hex.toLowerCase(java.util.Locale.ROOT);
    }

    /** The value of each hex digit among the first 128 characters; -1 for every other character. */
    private static final byte[] HEX_VALUE = new byte[128];

    static {
        java.util.Arrays.fill(HEX_VALUE, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX_VALUE['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX_VALUE['a' + i] = (byte) (10 + i);
            HEX_VALUE['A' + i] = (byte) (10 + i);
        }
    }

    /** The value of a hex digit, either case; -1 for any other character. */
    private static int hexValue(char c) {
        return c < 128 ? HEX_VALUE[c] : -1;
    }

    /** Parses {@code algorithm:hex}; throws {@link IllegalArgumentException} with the offending text otherwise. */
    public static Digest of(String text) {
        Objects.requireNonNull(text, "digest");
        Digest digest = parse(text);
        if (digest == null) {
            throw new IllegalArgumentException(
                    "not an image digest: '" + text + "' (expected algorithm:hex, e.g. sha256:4f53...)");
        }
        return digest;
    }

    /**
     * Parses {@code algorithm:hex}, or null when {@code text} is not a well-formed digest ({@link #isValid}). A
     * SHA-256 digest, nearly every one, is checked and read in one pass over its characters: a snapshot holds
     * hundreds of thousands.
     */
    public static Digest parse(String text) {
        if (text == null) {
            return null;
        }
        int colon = SHA256.length();
        if (text.length() == colon + 1 + SHA256_HEX && text.charAt(colon) == ':' && text.startsWith(SHA256)) {
            return sha256(text.toCharArray(), colon + 1);
        }
        if (!isValid(text)) {
            return null;
        }
        int at = text.indexOf(':');
        return new Digest(text.substring(0, at), text.substring(at + 1));
    }

    /**
     * The same, read from {@code length} characters of {@code text} at {@code offset}: a JSON reader's buffer, so
     * that a snapshot's digests are read without a string each.
     */
    public static Digest parse(char[] text, int offset, int length) {
        int colon = SHA256.length();
        if (length == colon + 1 + SHA256_HEX
                && text[offset + colon] == ':'
                && text[offset] == 's'
                && text[offset + 1] == 'h'
                && text[offset + 2] == 'a'
                && text[offset + 3] == '2'
                && text[offset + 4] == '5'
                && text[offset + 5] == '6') {
            return sha256(text, offset + colon + 1);
        }
        return parse(new String(text, offset, length));
    }

    /**
     * The SHA-256 digest whose 64 hex characters, either case, start at {@code from} in {@code text}, checked and
     * read in one pass; null when one of them is not hex.
     */
    private static Digest sha256(char[] text, int from) {
        long h0 = 0;
        long h1 = 0;
        long h2 = 0;
        long h3 = 0;
        int bad = 0;
        for (int i = from; i < from + 16; i++) {
            int a = hexValue(text[i]);
            int b = hexValue(text[i + 16]);
            int c = hexValue(text[i + 32]);
            int d = hexValue(text[i + 48]);
            bad |= a | b | c | d;
            h0 = (h0 << 4) | (a & 0xf);
            h1 = (h1 << 4) | (b & 0xf);
            h2 = (h2 << 4) | (c & 0xf);
            h3 = (h3 << 4) | (d & 0xf);
        }
        return bad < 0 ? null : new Digest(h0, h1, h2, h3);
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
        hex(text, 0);
        return new String(text);
    }

    /**
     * Writes the 64 hex characters of a SHA-256 digest at {@code at}, a word at a time: no array of the four words
     * for each digest a report writes (the client compiler keeps none off the heap).
     */
    private void hex(char[] text, int at) {
        hex(text, at, h0);
        hex(text, at + 16, h1);
        hex(text, at + 32, h2);
        hex(text, at + 48, h3);
    }

    private static void hex(char[] text, int at, long word) {
        for (int i = 0; i < 16; i++) {
            text[at + i] = HEX[(int) (word >>> (60 - 4 * i)) & 0xf];
        }
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
            if (hexValue(s.charAt(i)) < 0) {
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
        int c = algorithm == o.algorithm ? 0 : algorithm.compareTo(o.algorithm);
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
        if (other != null) {
            return algorithm + ":" + other;
        }
        // Written in one pass: a report writes a digest per image.
        char[] text = new char[SHA256.length() + 1 + SHA256_HEX];
        SHA256.getChars(0, SHA256.length(), text, 0);
        text[SHA256.length()] = ':';
        hex(text, SHA256.length() + 1);
        return new String(text);
    }
}
