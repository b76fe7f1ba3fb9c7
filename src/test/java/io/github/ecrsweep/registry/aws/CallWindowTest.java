package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The adaptive window of one operation's calls in flight: additive increase, multiplicative decrease. */
class CallWindowTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final CallWindow window = new CallWindow(clock::get);

    /** One call: a place taken, answered after {@code latency}, given back. */
    private void call(long latency) throws InterruptedException {
        window.acquire();
        clock.addAndGet(latency);
        window.answered(latency);
        window.release();
    }

    @Test
    void growsByOneForEachCallAnsweredUntilTheFirstThrottling() throws InterruptedException {
        assertThat(window.limit()).isEqualTo(CallWindow.INITIAL);
        for (int i = 0; i < 20; i++) {
            call(50 * MS);
        }
        assertThat(window.limit()).isEqualTo(CallWindow.INITIAL + 20);
    }

    @Test
    void neverGrowsPastItsMost() throws InterruptedException {
        for (int i = 0; i < 2 * CallWindow.MOST; i++) {
            call(50 * MS);
        }
        assertThat(window.limit()).isEqualTo(CallWindow.MOST);
    }

    @Test
    void halvesOnThrottlingThenGrowsByOnePerWindow() throws InterruptedException {
        for (int i = 0; i < 24; i++) {
            call(50 * MS);
        }
        assertThat(window.limit()).isEqualTo(32);
        long started = window.acquire();
        clock.addAndGet(50 * MS);
        window.throttled(started);
        window.release();
        assertThat(window.limit()).isEqualTo(16);
        assertThat(window.decreases()).isEqualTo(1);
        // a window of calls answered (and one more, since the window grows along) adds one place
        for (int i = 0; i < 17; i++) {
            call(50 * MS);
        }
        assertThat(window.limit()).isEqualTo(17);
    }

    /** The calls in flight together when the quota was reached halve the window once, not once each. */
    @Test
    void callsThrottledTogetherHalveItOnce() throws InterruptedException {
        long[] started = new long[8];
        for (int i = 0; i < started.length; i++) {
            started[i] = window.acquire();
        }
        clock.addAndGet(5 * MS);
        for (long s : started) {
            window.throttled(s);
            window.release();
        }
        assertThat(window.limit()).isEqualTo(CallWindow.INITIAL / 2);
        clock.addAndGet(MS);
        long later = window.acquire();
        window.throttled(later);
        window.release();
        assertThat(window.limit()).isEqualTo(CallWindow.INITIAL / 4);
    }

    @Test
    void neverBelowOne() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            long started = window.acquire();
            clock.addAndGet(MS);
            window.throttled(started);
            window.release();
        }
        assertThat(window.limit()).isEqualTo(1);
        call(MS);
        assertThat(window.inFlight()).isZero();
    }

    /** Calls that queue at the other end (latency far above its lowest) stop the growth. */
    @Test
    void stopsGrowingWhenTheLatencyDoesNotHold() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            call(20 * MS);
        }
        int before = window.limit();
        for (int i = 0; i < 40; i++) {
            call(200 * MS);
        }
        // the latest answers still held a fast one for a few calls; then nothing more
        int slowed = window.limit();
        assertThat(slowed).isLessThan(before + CallWindow.RECENT);
        for (int i = 0; i < 40; i++) {
            call(200 * MS);
        }
        assertThat(window.limit()).isEqualTo(slowed);
    }

    /** A single slow answer (the first call of a run, cold) does not stop the growth. */
    @Test
    void aColdFirstCallDoesNotStopTheGrowth() throws InterruptedException {
        call(300 * MS);
        for (int i = 0; i < 5; i++) {
            call(20 * MS);
        }
        call(300 * MS);
        call(20 * MS);
        assertThat(window.limit()).isEqualTo(CallWindow.INITIAL + 8);
    }

    /** A caller past the window waits until a place is given back. */
    @Test
    void aCallerPastTheWindowWaits() throws Exception {
        for (int i = 0; i < CallWindow.INITIAL; i++) {
            window.acquire();
        }
        CountDownLatch entered = new CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            try {
                window.acquire();
                entered.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        assertThat(entered.await(100, TimeUnit.MILLISECONDS)).isFalse();
        window.release();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        waiting.join();
        assertThat(window.inFlight()).isEqualTo(CallWindow.INITIAL);
    }

    /**
     * Under a quota of Q calls in flight (a call past it is throttled), seeded random runs keep the window
     * around the quota: it reaches it, never stays far past it, and never drops to nothing.
     */
    @Test
    void settlesAroundAQuota() throws InterruptedException {
        for (long seed = 1; seed <= 50; seed++) {
            Random random = new Random(seed);
            int quota = 4 + random.nextInt(60);
            CallWindow w = new CallWindow(clock::get);
            int most = 0;
            int least = Integer.MAX_VALUE;
            for (int round = 0; round < 400; round++) {
                int inFlight = w.limit();
                long[] started = new long[inFlight];
                for (int i = 0; i < inFlight; i++) {
                    started[i] = w.acquire();
                }
                clock.addAndGet(30 * MS + random.nextInt(5) * MS);
                for (int i = 0; i < inFlight; i++) {
                    if (i >= quota) {
                        w.throttled(started[i]);
                    } else {
                        w.answered(30 * MS);
                    }
                    w.release();
                }
                if (round >= 100) {
                    most = Math.max(most, w.limit());
                    least = Math.min(least, w.limit());
                }
            }
            assertThat(most).as("seed %d, quota %d", seed, quota).isLessThanOrEqualTo(quota + 1);
            assertThat(least).as("seed %d, quota %d", seed, quota).isGreaterThanOrEqualTo(quota / 2);
        }
    }
}
