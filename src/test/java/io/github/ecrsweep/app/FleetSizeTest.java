package io.github.ecrsweep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** --parallel auto: calls in flight = the aimed rate x the latency, within bounds, as the latency changes. */
class FleetSizeTest {

    @Test
    void workersFollowTheLatency() {
        assertThat(Fleet.workersFor(Optional.empty())).isEqualTo(Fleet.DEFAULT_PARALLEL);
        assertThat(Fleet.workersFor(Optional.of(Duration.ofMillis(2)))).isEqualTo(Fleet.MIN_AUTO);
        assertThat(Fleet.workersFor(Optional.of(Duration.ofMillis(40)))).isEqualTo(Fleet.MIN_AUTO);
        assertThat(Fleet.workersFor(Optional.of(Duration.ofMillis(50)))).isEqualTo(10);
        assertThat(Fleet.workersFor(Optional.of(Duration.ofMillis(150)))).isEqualTo(30);
        assertThat(Fleet.workersFor(Optional.of(Duration.ofMillis(151)))).isEqualTo(31);
        assertThat(Fleet.workersFor(Optional.of(Duration.ofSeconds(2)))).isEqualTo(Fleet.MAX_AUTO);
    }

    /**
     * A run whose calls grow slower once it is under way gets more workers for the items still waiting: 40 items
     * that each wait for all 40 to be running at once finish only if the pool grew past its first 10 workers.
     */
    @Test
    void thePoolGrowsWhenTheLatencyGrowsDuringTheWork() {
        AtomicInteger finished = new AtomicInteger();
        // 50 ms (10 workers) until the first items are done, then 250 ms (50 workers)
        Fleet fleet = Fleet.automatic(
                Progress.NONE, () -> Optional.of(Duration.ofMillis(finished.get() < Fleet.MIN_AUTO ? 50 : 250)));
        CountDownLatch together = new CountDownLatch(40);
        List<Integer> items = IntStream.range(0, Fleet.MIN_AUTO + 40).boxed().toList();
        List<Boolean> met = fleet.map("test", items, i -> {
            try {
                if (i < Fleet.MIN_AUTO) {
                    return true;
                }
                together.countDown();
                return together.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                finished.incrementAndGet();
            }
        });
        assertThat(met).containsOnly(true);
    }

    /** Given workers stay as given, whatever the latency. */
    @Test
    void aGivenNumberOfWorkersIsKept() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        new Fleet(3, Progress.NONE).map("test", IntStream.range(0, 30).boxed().toList(), i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return running.decrementAndGet();
        });
        assertThat(most.get()).isEqualTo(3);
    }
}
