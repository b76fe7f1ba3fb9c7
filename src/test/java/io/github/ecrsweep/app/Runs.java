package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Registry;
import java.time.Instant;
import java.util.List;

/** Runs changes through the application layer's one sequence, in memory: a fixed time, one target per registry. */
final class Runs {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** A ticker that stands still at {@link #NOW}. */
    static final Ticker STILL = new Ticker() {
        @Override
        public Instant now() {
            return NOW;
        }

        @Override
        public long nanos() {
            return 0;
        }
    };

    private Runs() {}

    /** A target of AWS in eu-west-1; the registries of a test decide what opening it gives. */
    static Target target(String region) {
        return new Target(List.of(), region, null, null, Target.Access.defaults());
    }

    /** The outcome of {@code change} in {@code registry}, as the run's one target. */
    static Outcome run(
            Change change,
            Registry registry,
            Confirmation confirmation,
            Diagnostics diagnostics,
            InUseSources sources,
            Cancellation cancellation) {
        return run(change, registry, NOW, confirmation, diagnostics, sources, cancellation);
    }

    /** The same, planned for {@code now}. */
    static Outcome run(
            Change change,
            Registry registry,
            Instant now,
            Confirmation confirmation,
            Diagnostics diagnostics,
            InUseSources sources,
            Cancellation cancellation) {
        return new ChangeRunner(t -> registry, sources, confirmation, diagnostics, STILL, ChangeRunner.Calls.NONE)
                .run(change, List.of(target("eu-west-1")), Fleet.sequential(), now, false, cancellation)
                .only()
                .outcome();
    }

    static Outcome run(Change change, Registry registry, Confirmation confirmation, Diagnostics diagnostics) {
        return run(change, registry, confirmation, diagnostics, InUseSources.NONE, Cancellation.NEVER);
    }
}
