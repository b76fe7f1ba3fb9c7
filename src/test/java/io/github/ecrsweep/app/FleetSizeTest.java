package io.github.ecrsweep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** --parallel auto: calls in flight = the aimed rate x the latency, within bounds. */
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
}
