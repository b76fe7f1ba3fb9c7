package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.InUseSources;
import io.github.ecrsweep.app.Organization;
import io.github.ecrsweep.app.Progress;
import io.github.ecrsweep.app.Registries;
import io.github.ecrsweep.app.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * What commands need besides their options: the clock (and a ticker of it for the application layer), the
 * registry factory, the in-use sources and the organization, the person at the terminal, policy files, where
 * progress is shown, how wide the terminal is (0: no terminal), and whether this process may take over SIGINT
 * and SIGTERM (not when commands run inside another program).
 */
record Context(
        Clock clock,
        Ticker ticker,
        Registries registries,
        InUseSources inUseSources,
        Organization organization,
        Prompter prompter,
        PolicySources policies,
        Progress progress,
        IntSupplier columns,
        boolean interruptible) {

    /** The application layer's time: this clock for the moment, the JVM's monotonic clock for durations. */
    static Ticker ticker(Clock clock) {
        return new Ticker() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public long nanos() {
                return System.nanoTime();
            }
        };
    }
}
