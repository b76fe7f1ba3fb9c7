package io.github.ecrsweep.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The images of one repository that something runs or was told to keep, by digest or by tag, each with
 * the sources that reported it ({@code ecs:service/prod/web}, {@code file:pins.txt:12}). A pin holds
 * through the image graph: a pinned index keeps its children, a pinned subject its referrers, and a
 * pinned child (or referrer) keeps the indexes that list it (and its subject), which keep their own
 * children in turn.
 */
public final class Pins {

    private static final Pins NONE = new Pins(Map.of(), Map.of());

    private final Map<Digest, List<String>> byDigest;
    private final Map<String, List<String>> byTag;

    private Pins(Map<Digest, List<String>> byDigest, Map<String, List<String>> byTag) {
        this.byDigest = byDigest;
        this.byTag = byTag;
    }

    public static Pins none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return byDigest.isEmpty() && byTag.isEmpty();
    }

    /** Collects pins; a reference seen by several sources keeps every source, in the order given. */
    public static final class Builder {
        private final Map<Digest, Set<String>> byDigest = new LinkedHashMap<>();
        private final Map<String, Set<String>> byTag = new LinkedHashMap<>();

        private Builder() {}

        public Builder digest(Digest digest, String source) {
            byDigest.computeIfAbsent(digest, k -> new LinkedHashSet<>()).add(source);
            return this;
        }

        /** The image that holds this tag in the repository when the plan is made. */
        public Builder tag(String tag, String source) {
            byTag.computeIfAbsent(tag, k -> new LinkedHashSet<>()).add(source);
            return this;
        }

        public Pins build() {
            if (byDigest.isEmpty() && byTag.isEmpty()) {
                return NONE;
            }
            Map<Digest, List<String>> digests = new LinkedHashMap<>();
            byDigest.forEach((k, v) -> digests.put(k, List.copyOf(v)));
            Map<String, List<String>> tags = new LinkedHashMap<>();
            byTag.forEach((k, v) -> tags.put(k, List.copyOf(v)));
            return new Pins(Map.copyOf(digests), Map.copyOf(tags));
        }
    }

    /**
     * The sources that protect each position of the graph, or null where nothing does: the pinned images,
     * then upwards (indexes listing them, their subject) and from all of those downwards (children,
     * referrers). An image protected only through the graph carries the sources of the pins it is held by.
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array, filled here only
    Set<String>[] protect(ImageGraph graph) {
        int n = graph.size();
        Set<String>[] sources = new Set[n];
        if (isEmpty()) {
            return sources;
        }
        Deque<Integer> up = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            Image image = graph.at(i);
            List<String> direct = byDigest.get(image.digest());
            if (direct != null) {
                add(sources, i, direct);
            }
            for (String tag : image.tags()) {
                List<String> byThisTag = byTag.get(tag);
                if (byThisTag != null) {
                    add(sources, i, byThisTag);
                }
            }
            if (sources[i] != null) {
                up.add(i);
            }
        }
        boolean[] reachedUp = new boolean[n];
        List<Integer> held = new ArrayList<>();
        while (!up.isEmpty()) {
            int i = up.poll();
            if (!reachedUp[i]) {
                reachedUp[i] = true;
                held.add(i);
            }
            int s = graph.subject(i);
            for (int owner : s >= 0 ? append(graph.parents(i), s) : graph.parents(i)) {
                if (add(sources, owner, sources[i])) {
                    up.add(owner);
                }
            }
        }
        Deque<Integer> down = new ArrayDeque<>(held);
        while (!down.isEmpty()) {
            int i = down.poll();
            for (int[] dependants : new int[][] {graph.children(i), graph.referrers(i)}) {
                for (int d : dependants) {
                    if (add(sources, d, sources[i])) {
                        down.add(d);
                    }
                }
            }
        }
        return sources;
    }

    private static int[] append(int[] values, int value) {
        int[] result = java.util.Arrays.copyOf(values, values.length + 1);
        result[values.length] = value;
        return result;
    }

    /** Adds sources to a position; whether it gained any. */
    private static boolean add(Set<String>[] sources, int at, java.util.Collection<String> more) {
        if (sources[at] == null) {
            sources[at] = new LinkedHashSet<>();
        }
        return sources[at].addAll(more);
    }
}
