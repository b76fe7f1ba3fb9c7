package io.github.ecrsweep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottledBatchesTest {

    @Test
    void aPauseIsBetweenHalfAndAllOfItsLength() {
        for (Duration pause : ThrottledBatches.PAUSES) {
            for (int i = 0; i < 1_000; i++) {
                assertThat(ThrottledBatches.jittered(pause)).isBetween(pause.dividedBy(2), pause);
            }
        }
    }

    @Test
    void thePausesGrowAndEndWithinHalfAMinute() {
        assertThat(ThrottledBatches.PAUSES).isSortedAccordingTo(Duration::compareTo);
        assertThat(ThrottledBatches.PAUSES.stream().reduce(Duration.ZERO, Duration::plus))
                .isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aSleepingPauseEndsAsACancellationWhenTheRunIsCancelled() {
        AtomicInteger asked = new AtomicInteger();
        // Cancelled on the second look: the pause gives up within one slice rather than sleeping its hour.
        Cancellation cancellation = Cancellation.when(() -> asked.incrementAndGet() > 1);

        boolean over = ThrottledBatches.sleeping(cancellation).waitOut(Duration.ofHours(1));

        assertThat(over).isFalse();
        assertThat(asked).hasValue(2);
    }

    @Test
    void aSleepingPauseThatIsOverSaysSo() {
        assertThat(ThrottledBatches.sleeping(Cancellation.NEVER).waitOut(Duration.ofMillis(1)))
                .isTrue();
    }

    @Test
    void anInterruptedPauseEndsAsACancellationAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThat(ThrottledBatches.sleeping(Cancellation.NEVER).waitOut(Duration.ofHours(1)))
                    .isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
