package io.github.ecrsweep.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
 * @param why              {@code --why}: the image whose pins the run explains, with the path through the graph;
 *                         null when not asked
 */
public record InUseRequest(
        List<InUseSpec> sources, Set<String> optional, Duration keepPulledWithin, io.github.ecrsweep.rules.Digest why) {

    private static final InUseRequest NONE = new InUseRequest(List.of(), Set.of(), null);

    public InUseRequest(List<InUseSpec> sources, Set<String> optional, Duration keepPulledWithin) {
        this(sources, optional, keepPulledWithin, null);
    }

    public InUseRequest {
        sources = List.copyOf(new LinkedHashSet<>(sources));
        optional = Set.copyOf(optional);
    }

    public static InUseRequest none() {
        return NONE;
    }

    /** Whether anything protects images in use. */
    public boolean isActive() {
        return !sources.isEmpty() || keepPulledWithin != null;
    }

    /** Whether a failure of this source only warns: named by its name or by its kind. */
    boolean isOptional(InUseSpec source) {
        return optional.contains(source.name())
                || optional.contains(source.kind().code());
    }

    /** Whether a source reads AWS services of the run's account and region. */
    public boolean readsServices() {
        return sources.stream().anyMatch(s -> !s.kind().isFile());
    }

    /**
     * These sources and those of {@code more}, each once; an optional name of {@code more} adds to these, and of
     * two pull windows the longer holds, since it keeps more.
     */
    public InUseRequest with(InUseRequest more) {
        List<InUseSpec> all = new ArrayList<>(sources);
        all.addAll(more.sources);
        Set<String> optionalToo = new LinkedHashSet<>(optional);
        optionalToo.addAll(more.optional);
        return new InUseRequest(
                all, optionalToo, longer(keepPulledWithin, more.keepPulledWithin), why != null ? why : more.why);
    }

    private static Duration longer(Duration a, Duration b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }
}
