package io.github.ecrsweep.app;

import java.time.Instant;

/**
 * The time the application layer reads: the moment a plan is computed for, and a monotonic count of
 * nanoseconds for the durations it logs. Injected, so that a run is a function of its inputs in tests.
 */
public interface Ticker {

    /** The wall-clock time now. */
    Instant now();

    /** A monotonic reading in nanoseconds, for durations only. */
    long nanos();

    /** Milliseconds since an earlier {@link #nanos()} reading. */
    default long millisSince(long nanos) {
        return (nanos() - nanos) / 1_000_000;
    }
}
