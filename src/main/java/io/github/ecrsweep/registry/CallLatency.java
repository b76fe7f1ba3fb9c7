package io.github.ecrsweep.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * How long the service calls of this run take, attempt by attempt: the median of the latest ones. The fleet
 * sizes its workers from it (calls in flight = rate x latency), once the first calls (the repositories listed)
 * have been answered. One per process: a run talks to one network.
 */
public final class CallLatency {

    private static final int KEPT = 64;
    private static final long[] NANOS = new long[KEPT];
    private static int count;

    private CallLatency() {}

    /** One attempt's time, from request sent to answer read. */
    public static synchronized void record(Duration attempt) {
        NANOS[count++ % KEPT] = attempt.toNanos();
    }

    /** The median of the latest attempts; empty before the first. */
    public static synchronized Optional<Duration> typical() {
        if (count == 0) {
            return Optional.empty();
        }
        long[] seen = Arrays.copyOf(NANOS, Math.min(count, KEPT));
        Arrays.sort(seen);
        return Optional.of(Duration.ofNanos(seen[seen.length / 2]));
    }

    /** Forgets every attempt: for tests. */
    public static synchronized void reset() {
        count = 0;
    }
}
