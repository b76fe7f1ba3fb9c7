package io.github.ecrsweep.registry.aws;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many calls of one operation may be in flight at once, adapted to what the service answers (ECR's rate
 * quotas are per operation, account and region, and unpublished for most operations): the window starts at
 * {@link #INITIAL}, grows by one for each call answered in time (doubling per round trip) until the first
 * throttling or until the latency stops holding, then by one per window of calls answered (additive increase);
 * a throttled attempt halves it (multiplicative decrease), once per round of calls, never below one. The
 * latency holds while the fastest of the operation's latest {@link #RECENT} answers stays within twice its
 * lowest plus {@link #TOLERANCE_NANOS}: past that, every call is slower, and more calls in flight would only
 * queue at the other end. The workers that make
 * the calls bound it further: {@code --parallel N} is N workers, so never more than N calls at once.
 */
final class CallWindow {

    /** The calls in flight before anything is known of the service. */
    static final int INITIAL = 8;

    /** The most, whatever the service answers; the workers bound it well before (64 with --parallel auto). */
    static final int MOST = 256;

    /** The latest answers whose fastest tells the latency now: queueing slows them all, a cold call only one. */
    static final int RECENT = 8;

    /** What the latency may grow by, over twice its lowest, before the window stops growing. */
    static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final LongSupplier clock;
    private double limit = INITIAL;
    private int inFlight;
    private boolean slowStart = true;
    private long lowest = Long.MAX_VALUE;
    private final long[] recent = new long[RECENT];
    private long answered;
    private long lastDecrease = Long.MIN_VALUE;
    private long decreases;

    CallWindow() {
        this(System::nanoTime);
    }

    CallWindow(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Waits for a place in the window and takes it; returns when the call started, which {@link #throttled}
     * needs.
     */
    synchronized long acquire() throws InterruptedException {
        while (inFlight >= (int) limit) {
            wait();
        }
        inFlight++;
        return clock.getAsLong();
    }

    /** Gives the place back: the call ended, answered or not. */
    synchronized void release() {
        inFlight--;
        notifyAll();
    }

    /** One call answered after {@code latencyNanos} on the wire: the window grows while the latency holds. */
    synchronized void answered(long latencyNanos) {
        lowest = Math.min(lowest, latencyNanos);
        recent[(int) (answered++ % RECENT)] = latencyNanos;
        long now = Long.MAX_VALUE;
        for (int i = 0; i < Math.min(answered, RECENT); i++) {
            now = Math.min(now, recent[i]);
        }
        if (now > 2 * lowest + TOLERANCE_NANOS) {
            slowStart = false;
            return;
        }
        limit = Math.min(MOST, limit + (slowStart ? 1 : 1 / limit));
        notifyAll();
    }

    /**
     * One attempt of a call started at {@code started} was throttled: the window halves, once for all the calls
     * that were already in flight when it last did (they saw the same quota).
     */
    synchronized void throttled(long started) {
        slowStart = false;
        if (started <= lastDecrease) {
            return;
        }
        lastDecrease = clock.getAsLong();
        limit = Math.max(1, limit / 2);
        decreases++;
    }

    /** The calls that may be in flight now. */
    synchronized int limit() {
        return (int) limit;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** How many times throttling halved the window. */
    synchronized long decreases() {
        return decreases;
    }
}
