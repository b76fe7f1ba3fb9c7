package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.inuse.InUseSource;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the user asked to protect: the in-use sources to read, those whose failure only warns, and how
 * recent a recorded pull keeps an image.
 *
 * @param sources          the sources, each read once before anything is planned
 * @param optional         names ({@code ecs}) or kinds ({@code k8s}) of sources that may fail with a warning;
 *                         every other source that cannot be read stops the run
 * @param keepPulledWithin an image whose last recorded pull is this recent is kept; null for no such rule
 */
public record InUseRequest(List<InUseSource> sources, Set<String> optional, Duration keepPulledWithin) {

    private static final InUseRequest NONE = new InUseRequest(List.of(), Set.of(), null);

    public InUseRequest {
        sources = List.copyOf(sources);
        optional = Set.copyOf(optional);
    }

    public static InUseRequest none() {
        return NONE;
    }

    /** Whether anything protects images in use. */
    public boolean isActive() {
        return !sources.isEmpty() || keepPulledWithin != null;
    }

    /** Whether a failure of this source only warns: named by its name or by its kind (before the ':'). */
    boolean isOptional(InUseSource source) {
        String name = source.name();
        int colon = name.indexOf(':');
        return optional.contains(name) || (colon > 0 && optional.contains(name.substring(0, colon)));
    }
}
