package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --max-rate: calls spaced evenly on the clock, whatever the number of callers. */
class PaceTest {

    /** A clock that moves only when a caller sleeps. */
    private static final class FakeClock {
        long now = 1_000_000_000L;
        final List<Long> starts = new ArrayList<>();
    }

    @Test
    void callsAreSpacedByTheIntervalOfTheRate() {
        FakeClock clock = new FakeClock();
        Pace pace = new Pace(10, () -> clock.now, nanos -> clock.now += nanos);

        for (int i = 0; i < 5; i++) {
            pace.await();
            clock.starts.add(clock.now);
        }

        assertThat(clock.starts)
                .containsExactly(1_000_000_000L, 1_100_000_000L, 1_200_000_000L, 1_300_000_000L, 1_400_000_000L);
    }

    @Test
    void aPauseIsNotSavedUpForABurst() {
        FakeClock clock = new FakeClock();
        Pace pace = new Pace(10, () -> clock.now, nanos -> clock.now += nanos);
        pace.await();

        clock.now += 5_000_000_000L; // five idle seconds
        pace.await();
        long first = clock.now;
        pace.await();

        assertThat(clock.now - first).isEqualTo(100_000_000L);
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new Pace(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
