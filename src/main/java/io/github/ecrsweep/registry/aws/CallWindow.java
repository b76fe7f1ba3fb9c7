package io.github.ecrsweep.registry.aws;

/**
 * How many calls of one operation may be in flight at once, adapted to what the service answers (ECR's rate
 * quotas are per operation, account and region, and unpublished for most operations): the window starts at
 * {@link #INITIAL} and grows by one for each call answered in time (doubling per round trip) until the first
 * throttling or until the latency stops holding, then by one per window of calls answered (additive increase).
 * The first throttling halves it (the doubling overshot); after that, throttling shrinks it once per window of
 * calls, in proportion to the share of that window's calls throttled: by f/2 for a share f (multiplicative
 * decrease), and the window after a decrease does not grow. A window counts only the attempts sent since the
 * last decrease: those already on the wire when it shrank were sent under the larger window, and their
 * throttling says nothing of the smaller one. Under a quota the window settles on it, within two above (a
 * throttled attempt in every few windows, which its retry absorbs); throttling that comes at random, whatever
 * the load, keeps it near its start, not at one. The latency holds while the fastest of the operation's latest {@link #RECENT} answers stays within
 * twice its lowest plus {@link #TOLERANCE_NANOS}: past that, every call is slower, and more calls in flight
 * would only queue at the other end. The workers that make the calls bound it further: {@code --parallel N}
 * is N workers, so never more than N calls at once.
 */
final class CallWindow {

    /** The calls in flight before anything is known of the service. */
    static final int INITIAL = 8;

    /** The most, whatever the service answers; the workers bound it well before (64 with --parallel auto). */
    static final int MOST = 256;

    /** The latest answers whose fastest tells the latency now: queueing slows them all, a cold call only one. */
    static final int RECENT = 8;

    /** What the latency may grow by, over twice its lowest, before the window stops growing. */
    static final long TOLERANCE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10);

    private double limit = INITIAL;
    private int inFlight;
    private boolean slowStart = true;
    private long lowest = Long.MAX_VALUE;
    private final long[] recent = new long[RECENT];
    private long answeredInAll;

    /** The calls of the current window that were answered, and those throttled. */
    private int answered;

    private int throttled;
    private long throttledInAll;

    /** Attempts given a place so far, and how many had been when the window last shrank. */
    private long sent;

    private long shrunkAt;

    /** The last attempt of the window after a shrink, whose answers do not grow it. */
    private long holdUntil;

    private long decreases;

    /** Waits for a place in the window and takes it; returns the attempt's number, which its outcome names. */
    synchronized long acquire() throws InterruptedException {
        while (inFlight >= (int) limit) {
            wait();
        }
        inFlight++;
        return ++sent;
    }

    /** Gives the place back: the call ended, answered or not. */
    synchronized void release() {
        inFlight--;
        notifyAll();
    }

    /** Attempt {@code attempt} answered after {@code latencyNanos} on the wire: the window grows while the latency holds. */
    synchronized void answered(long attempt, long latencyNanos) {
        lowest = Math.min(lowest, latencyNanos);
        recent[(int) (answeredInAll++ % RECENT)] = latencyNanos;
        long now = Long.MAX_VALUE;
        for (int i = 0; i < Math.min(answeredInAll, RECENT); i++) {
            now = Math.min(now, recent[i]);
        }
        if (now > 2 * lowest + TOLERANCE_NANOS) {
            slowStart = false;
        } else if (attempt > holdUntil) {
            limit = Math.min(MOST, limit + (slowStart ? 1 : 1 / limit));
        }
        if (attempt > shrunkAt) {
            answered++;
            endOfWindow();
        }
        notifyAll();
    }

    /** Attempt {@code attempt} was throttled: the first one halves the window, any later one counts in its window. */
    synchronized void throttled(long attempt) {
        throttledInAll++;
        if (slowStart) {
            slowStart = false;
            shrink(0.5);
        } else if (attempt > shrunkAt) {
            throttled++;
            endOfWindow();
        }
    }

    /**
     * Shrinks the window by {@code factor}, a new window starting with the next attempt sent, which it does not
     * grow on: the window settles under a quota, not on its edge.
     */
    private void shrink(double factor) {
        limit = Math.max(1, limit * factor);
        decreases++;
        shrunkAt = sent;
        holdUntil = sent + (long) limit;
        answered = 0;
        throttled = 0;
    }

    /** After a window's worth of calls: shrunk by half the share of them throttled, if any. */
    private void endOfWindow() {
        int seen = answered + throttled;
        if (seen < Math.max(1, (int) limit)) {
            return;
        }
        if (throttled > 0) {
            shrink(1 - throttled / (2.0 * seen));
        } else {
            answered = 0;
        }
    }

    /** The calls that may be in flight now. */
    synchronized int limit() {
        return (int) limit;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** How many attempts were throttled. */
    synchronized long throttledInAll() {
        return throttledInAll;
    }

    /** How many windows of calls throttling shrank. */
    synchronized long decreases() {
        return decreases;
    }
}
