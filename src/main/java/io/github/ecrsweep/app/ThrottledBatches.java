package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.RegistryException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch that ECR kept throttling after the SDK's own attempts is sent again after a pause, from a fresh look at
 * its images, rather than failing its repository. The SDK's attempts (three by default, and a retry quota per
 * operation) are spent within seconds; under a quota tighter than one call in flight (an account whose quota other
 * tools share), whole repositories failed that a later call would have cleaned. ECR publishes no rate quota for
 * these calls, so the pauses grow: 2, 4, 8 and 16 seconds, each between half and all of that, so that the workers
 * throttled together do not all come back at once. A pause ends early when the run is cancelled, and the batch is
 * then not sent.
 */
final class ThrottledBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ThrottledBatches.class);

    /** The pauses before each further round, at most. */
    static final List<Duration> PAUSES =
            List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));

    /** How often a pause looks whether the run was cancelled. */
    private static final long SLICE_MILLIS = 100;

    /** Waits a pause out. */
    @FunctionalInterface
    interface Pause {
        /** False when the run was cancelled before the pause was over. */
        boolean waitOut(Duration pause);
    }

    /** One round of a batch: its fresh look and its call, and what came of them. */
    @FunctionalInterface
    interface Round<T> {
        /**
         * @param round 0 for the first round, which follows the caller's own look; more after each pause
         * @param last  whether no round follows: throttling is then the batch's outcome, as the round says it
         */
        T send(int round, boolean last);
    }

    private ThrottledBatches() {}

    /** Sleeps, in slices, and ends as soon as {@code cancellation} is requested. */
    static Pause sleeping(Cancellation cancellation) {
        return pause -> {
            try {
                for (long left = pause.toMillis(); left > 0; left -= SLICE_MILLIS) {
                    if (cancellation.requested()) {
                        return false;
                    }
                    Thread.sleep(Math.min(left, SLICE_MILLIS));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return !cancellation.requested();
        };
    }

    /**
     * Sends the batch, and again after each pause while ECR throttles it, and returns what the round that went
     * through returned; throttling in the last round, and any other failure, is thrown. {@code cancelled} when the
     * run was cancelled during a pause: the batch was then not sent again.
     */
    static <T> T send(String repository, int images, Pause pause, T cancelled, Round<T> round) {
        for (int n = 0; ; n++) {
            boolean last = n == PAUSES.size();
            RegistryException throttled;
            try {
                return round.send(n, last);
            } catch (RegistryException e) {
                if (last || e.kind() != RegistryException.Kind.THROTTLED) {
                    throw e;
                }
                throttled = e;
            }
            Duration wait = jittered(PAUSES.get(n));
            LOG.info(
                    "{}: ECR kept throttling {} through every attempt; the batch of {} images is read again and sent"
                            + " again in {} ms",
                    repository,
                    throttled.operation(),
                    images,
                    wait.toMillis());
            if (!pause.waitOut(wait)) {
                return cancelled;
            }
        }
    }

    /** Between half and all of {@code pause}. */
    static Duration jittered(Duration pause) {
        long half = pause.toMillis() / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
