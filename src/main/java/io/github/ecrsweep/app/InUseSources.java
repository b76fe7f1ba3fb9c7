package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.inuse.InUseSource;
import java.time.Instant;

/** Opens the in-use source a spec names, for one target: the files as given, the services in its account. */
@FunctionalInterface
public interface InUseSources {

    /** Sources that can never be opened: for runs that name none. */
    InUseSources NONE = (spec, target, now) -> {
        throw new IllegalStateException("no in-use source can be opened here: " + spec.name());
    };

    InUseSource open(InUseSpec spec, Target target, Instant now);
}
