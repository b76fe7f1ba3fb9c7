package io.github.ecrsweep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** --parallel: the workers, made once and kept; the calls' own windows pace what they send. */
class FleetSizeTest {

    @Test
    void automaticWorkersDependOnWhetherCallsAreMade() {
        assertThat(Fleet.automatic(Progress.NONE, () -> false).workers()).isEqualTo(Fleet.DEFAULT_PARALLEL);
        assertThat(Fleet.automatic(Progress.NONE, () -> true).workers()).isEqualTo(Fleet.MAX_AUTO);
        assertThat(new Fleet(5, Progress.NONE).workers()).isEqualTo(5);
    }

    /** With calls to make, all the automatic workers run at once: 40 items that wait for each other all finish. */
    @Test
    void automaticWorkersRunTogetherWhenCallsAreMade() {
        CountDownLatch together = new CountDownLatch(40);
        List<Boolean> met = Fleet.automatic(Progress.NONE, () -> true)
                .map("test", IntStream.range(0, 40).boxed().toList(), i -> {
                    together.countDown();
                    try {
                        return together.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
        assertThat(met).containsOnly(true);
    }

    /** Given workers stay as given; a second map reuses the threads of the first instead of making new ones. */
    @Test
    void aGivenNumberOfWorkersIsKeptAndReused() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Fleet fleet = new Fleet(3, Progress.NONE);
        for (int round = 0; round < 2; round++) {
            List<Integer> results =
                    fleet.map("test", IntStream.range(0, 30).boxed().toList(), i -> {
                        threads.add(Thread.currentThread());
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        running.decrementAndGet();
                        return i * 2;
                    });
            assertThat(results)
                    .isEqualTo(IntStream.range(0, 30).map(i -> i * 2).boxed().toList());
        }
        assertThat(most.get()).isEqualTo(3);
        assertThat(threads).hasSize(3);
    }

    /** Work of a fleet's own worker that maps again on the same fleet is done in place, never waiting forever. */
    @Test
    void aMapInsideTheFleetsOwnWorkIsDoneInPlace() {
        Fleet fleet = new Fleet(2, Progress.NONE);
        List<List<Integer>> nested =
                fleet.map("outer", List.of(1, 2, 3, 4), i -> fleet.map("inner", List.of(i, i + 10), j -> j * 2));
        assertThat(nested).containsExactly(List.of(2, 22), List.of(4, 24), List.of(6, 26), List.of(8, 28));
    }
}
