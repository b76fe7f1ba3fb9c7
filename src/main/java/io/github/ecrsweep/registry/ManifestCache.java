package io.github.ecrsweep.registry;

import io.github.ecrsweep.rules.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Image manifests kept on disk by digest. A manifest is immutable by its digest, so one read per index
 * in its life is enough; and every read of a manifest from ECR can count as a pull. Entries are checked
 * against their digest when read, so a damaged or altered file is ignored, never believed. Any failure
 * to read or write the cache only costs a read from the registry.
 */
public final class ManifestCache {

    /** ECR's limit for one manifest. */
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final Path directory;

    private ManifestCache(Path directory) {
        this.directory = directory;
    }

    /** A cache in this directory (created when first written). */
    public static ManifestCache in(Path directory) {
        return new ManifestCache(directory);
    }

    /** No cache: every manifest is read from the registry. */
    public static ManifestCache none() {
        return new ManifestCache(null);
    }

    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** The manifest of this digest, if it is cached and its bytes still hash to the digest. */
    public Optional<String> get(Digest digest) {
        Path file = file(digest);
        if (file == null) {
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_MANIFEST_BYTES) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            return matches(digest, bytes) ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Keeps the manifest when its bytes hash to the digest (a manifest re-encoded on the way is not kept). */
    public void put(Digest digest, String manifest) {
        Path file = file(digest);
        if (file == null) {
            return;
        }
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_MANIFEST_BYTES || !matches(digest, bytes)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".manifest", ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only means reading the manifest again next time.
        }
    }

    /** Only sha256 manifests are cached: the one algorithm whose digest can be checked here. */
    private Path file(Digest digest) {
        if (directory == null || !"sha256".equals(digest.algorithm())) {
            return null;
        }
        return directory.resolve(digest.algorithm()).resolve(digest.hex());
    }

    private static boolean matches(Digest digest, byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .equals(digest.hex());
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }
}
