package io.github.ecrsweep.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Readable test images: a short name stands for the digest {@code sha256(name)}. */
public final class TestImages {

    private TestImages() {}

    public static Digest digestOf(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return new Digest("sha256", HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Image.Builder image(String name, Instant pushedAt, String... tags) {
        return Image.builder(digestOf(name), pushedAt).tags(tags);
    }
}
