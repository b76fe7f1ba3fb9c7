package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The adaptive window of one operation's calls in flight: additive increase, proportional decrease. */
class CallWindowTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CallWindow window = new CallWindow();

    /** One call: a place taken, answered after {@code latency}, given back. */
    private void call(long latency) throws InterruptedException {
        long attempt = window.acquire();
        window.answered(attempt, latency);
        window.release();
    }

    /** One call throttled. */
    private void throttledCall(CallWindow w) throws InterruptedException {
        long attempt = w.acquire();
        w.throttled(attempt);
        w.release();
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

    /**
     * The first throttling halves it; after that a window of calls all throttled halves it again; then it grows by
     * one per window of calls answered.
     */
    @Test
    void aWindowAllThrottledHalvesItThenItGrowsByOnePerWindow() throws InterruptedException {
        throttledCall(window);
        assertThat(window.limit()).isEqualTo(CallWindow.INITIAL / 2);
        for (int i = 0; i < CallWindow.INITIAL / 2; i++) {
            throttledCall(window);
        }
        assertThat(window.limit()).isEqualTo(CallWindow.INITIAL / 4);
        assertThat(window.decreases()).isEqualTo(2);
        // the window after the shrink (2 calls) does not grow; then 2 + 1/2 + 1/2.5 + ...: a window of calls
        // answered adds one place, the next one another
        for (int i = 0; i < 2; i++) {
            call(50 * MS);
        }
        assertThat(window.limit()).isEqualTo(2);
        for (int i = 0; i < 6; i++) {
            call(50 * MS);
        }
        assertThat(window.limit()).isEqualTo(4);
    }

    /** A few calls of a window throttled take off half their share, not half the window. */
    @Test
    void aShareThrottledShrinksItByHalfThatShare() throws InterruptedException {
        for (int i = 0; i < 32; i++) {
            call(50 * MS);
        }
        throttledCall(window);
        int before = window.limit();
        assertThat(before).as("the first throttling halves it").isEqualTo(20);
        // a window of 20: 2 throttled, 18 answered, takes off 1/20
        throttledCall(window);
        throttledCall(window);
        for (int i = 0; i < 18; i++) {
            call(50 * MS);
        }
        assertThat(window.decreases()).isEqualTo(2);
        assertThat(window.limit()).isBetween((int) (before * 0.9), before);
    }

    /**
     * The calls in flight together when the quota was reached shrink the window once, not once each: their
     * throttling was earned by the larger window they were sent under.
     */
    @Test
    void callsThrottledTogetherHalveItOnce() throws InterruptedException {
        long[] attempts = new long[CallWindow.INITIAL];
        for (int i = 0; i < attempts.length; i++) {
            attempts[i] = window.acquire();
        }
        for (long attempt : attempts) {
            window.throttled(attempt);
            window.release();
        }
        assertThat(window.limit()).isEqualTo(CallWindow.INITIAL / 2);
        assertThat(window.decreases()).isEqualTo(1);
        assertThat(window.throttledInAll()).isEqualTo(CallWindow.INITIAL);
    }

    @Test
    void neverBelowOne() throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            throttledCall(window);
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
     * Under a quota of Q calls in flight (a call past it is throttled), seeded runs settle just above the
     * quota: after a hundred rounds the window stays between Q and Q + 3, in whatever order the answers come.
     */
    @Test
    void settlesJustAboveAQuota() throws InterruptedException {
        for (long seed = 1; seed <= 50; seed++) {
            Random random = new Random(seed);
            int quota = 4 + random.nextInt(60);
            CallWindow w = new CallWindow();
            int most = 0;
            int least = Integer.MAX_VALUE;
            for (int round = 0; round < 400; round++) {
                int inFlight = w.limit();
                List<Boolean> answers = new ArrayList<>();
                long[] attempts = new long[inFlight];
                for (int i = 0; i < inFlight; i++) {
                    attempts[i] = w.acquire();
                    answers.add(i < quota);
                }
                Collections.shuffle(answers, random);
                for (int i = 0; i < inFlight; i++) {
                    if (answers.get(i)) {
                        w.answered(attempts[i], 30 * MS);
                    } else {
                        w.throttled(attempts[i]);
                    }
                    w.release();
                }
                if (round >= 100) {
                    most = Math.max(most, w.limit());
                    least = Math.min(least, w.limit());
                }
            }
            assertThat(most).as("seed %d, quota %d", seed, quota).isLessThanOrEqualTo(quota + 3);
            assertThat(least).as("seed %d, quota %d", seed, quota).isGreaterThanOrEqualTo(quota);
        }
    }

    /**
     * Throttling at random, whatever the load (a tenth of calls), keeps the window near its start: it does not
     * collapse to one, as halving on every throttled window made it.
     */
    @Test
    void randomThrottlingDoesNotCollapseIt() throws InterruptedException {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            CallWindow w = new CallWindow();
            List<Integer> sizes = new ArrayList<>();
            for (int round = 0; round < 300; round++) {
                int inFlight = w.limit();
                long[] attempts = new long[inFlight];
                for (int i = 0; i < inFlight; i++) {
                    attempts[i] = w.acquire();
                }
                for (int i = 0; i < inFlight; i++) {
                    if (random.nextDouble() < 0.1) {
                        w.throttled(attempts[i]);
                    } else {
                        w.answered(attempts[i], 30 * MS);
                    }
                    w.release();
                }
                if (round >= 100) {
                    sizes.add(w.limit());
                }
            }
            Collections.sort(sizes);
            assertThat(sizes.get(sizes.size() / 2)).as("seed %d", seed).isGreaterThanOrEqualTo(CallWindow.INITIAL / 2);
        }
    }
}
