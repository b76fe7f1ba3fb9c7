package io.github.ecrsweep.registry;

import io.github.ecrsweep.rules.Digest;
import java.util.Objects;

/**
 * What became of one tag a removal asked for ({@code BatchDeleteImage} by tag), as the service's answer says.
 *
 * @param tag    the tag
 * @param digest the image the service removed it from, or null when it did not remove it
 * @param code   why not: the service's failure code ({@code ImageTagDoesNotMatchDigest}, {@code ImageNotFound},
 *               ...) or the code of a failed call; null when removed
 * @param detail the service's failure reason, or null
 */
public record TagRemoval(String tag, Digest digest, String code, String detail) {

    public TagRemoval {
        Objects.requireNonNull(tag, "tag");
        if ((digest == null) == (code == null)) {
            throw new IllegalArgumentException("a tag is either removed from an image or failed with a code");
        }
    }

    public static TagRemoval removed(String tag, Digest digest) {
        return new TagRemoval(tag, digest, null, null);
    }

    public static TagRemoval failed(String tag, String code, String detail) {
        return new TagRemoval(tag, null, code, detail);
    }

    public boolean isRemoved() {
        return digest != null;
    }
}
