package io.github.ecrsweep.registry.aws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A ceiling on the calls per second of one operation (--max-rate): calls are spaced evenly, each waiting for
 * its turn before it is sent ({@link OperationLimits} asks before every call and page), whatever the number of
 * workers. Retries are paced by the operation's retry strategy
 * (backoff with jitter), not here.
 */
final class Pace {

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long next;

    /** How a caller waits; tests wait on a fake clock. */
    interface Sleeper {
        void sleep(long nanos);
    }

    Pace(double callsPerSecond) {
        this(callsPerSecond, System::nanoTime, LockSupport::parkNanos);
    }

    Pace(double callsPerSecond, LongSupplier clock, Sleeper sleeper) {
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("calls per second must be positive: " + callsPerSecond);
        }
        this.intervalNanos = Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) / callsPerSecond));
        this.clock = clock;
        this.sleeper = sleeper;
        this.next = clock.getAsLong();
    }

    /** Waits until this call's turn: one turn per interval, given out in the order callers come. */
    void await() {
        long turn;
        synchronized (this) {
            long now = clock.getAsLong();
            turn = Math.max(now, next);
            next = turn + intervalNanos;
        }
        long wait;
        while ((wait = turn - clock.getAsLong()) > 0) {
            sleeper.sleep(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
