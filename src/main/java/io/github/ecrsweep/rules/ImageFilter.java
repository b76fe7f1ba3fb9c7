package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * Which images a listing shows: every image, or only untagged ones, or only those pushed (or restored)
 * longer ago than an age, the age lifecycle rules and delete-untagged go by.
 *
 * @param untaggedOnly only images without tags
 * @param olderThan    only images older than this; null for any age
 */
public record ImageFilter(boolean untaggedOnly, Duration olderThan) {

    /** Every image. */
    public static final ImageFilter ALL = new ImageFilter(false, null);

    public boolean shows(Image image, Instant now) {
        return (!untaggedOnly || !image.isTagged()) && (olderThan == null || image.pushedBefore(now.minus(olderThan)));
    }

    /** Whether every image is shown, so that a listing under this filter is complete. */
    public boolean isAll() {
        return !untaggedOnly && olderThan == null;
    }
}
