package io.github.ecrsweep.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
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

    /**
     * Why {@code target} is protected: for every source that holds it, the path from the image the source pins to
     * it, as {@link #protect} walks the graph ({@code ecs:service/prod/web: 8a22a4f9aec1 (by tag prod) -> index
     * 3c1f0e2a9b7d -> child 77d0a1c2e3f4}); empty when nothing holds it, or the image is not in {@code images}.
     */
    public List<String> why(Collection<Image> images, Digest target) {
        ImageGraph graph = ImageGraph.of(images);
        int t = graph.position(target);
        if (t < 0 || isEmpty()) {
            return List.of();
        }
        Set<String>[] held = protect(graph);
        if (held[t] == null) {
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        for (String source : held[t]) {
            paths.add(source + ": " + path(graph, source, t));
        }
        return paths;
    }

    /** A shortest walk from an image {@code source} pins to {@code t}: upwards first, then downwards. */
    private String path(ImageGraph graph, String source, int t) {
        int n = graph.size();
        // State i: image i reached going up; n + i: reached going down. -1: a start; -2: not reached.
        int[] from = new int[2 * n];
        java.util.Arrays.fill(from, -2);
        String[] how = new String[2 * n];
        Deque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            Image image = graph.at(i);
            String by = byDigest.getOrDefault(image.digest(), List.of()).contains(source) ? "by digest" : null;
            for (String tag : image.tags()) {
                if (by == null && byTag.getOrDefault(tag, List.of()).contains(source)) {
                    by = "by tag " + tag;
                }
            }
            if (by != null) {
                from[i] = -1;
                how[i] = image.digest().shortForm() + " (" + by + ")";
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            int i = state % n;
            if (i == t) {
                return describe(from, how, state);
            }
            if (state < n) {
                int s = graph.subject(i);
                for (int p : graph.parents(i)) {
                    visit(
                            from,
                            how,
                            queue,
                            state,
                            p,
                            "index " + graph.at(p).digest().shortForm());
                }
                if (s >= 0) {
                    visit(
                            from,
                            how,
                            queue,
                            state,
                            s,
                            "its subject " + graph.at(s).digest().shortForm());
                }
                visit(from, how, queue, state, n + i, null);
            } else {
                for (int c : graph.children(i)) {
                    visit(
                            from,
                            how,
                            queue,
                            state,
                            n + c,
                            "child " + graph.at(c).digest().shortForm());
                }
                for (int r : graph.referrers(i)) {
                    visit(
                            from,
                            how,
                            queue,
                            state,
                            n + r,
                            "referrer " + graph.at(r).digest().shortForm());
                }
            }
        }
        return graph.at(t).digest().shortForm();
    }

    private static void visit(int[] from, String[] how, Deque<Integer> queue, int state, int next, String step) {
        if (from[next] == -2) {
            from[next] = state;
            how[next] = step;
            queue.add(next);
        }
    }

    private static String describe(int[] from, String[] how, int state) {
        List<String> steps = new ArrayList<>();
        for (int s = state; s != -1; s = from[s]) {
            if (how[s] != null) {
                steps.add(0, how[s]);
            }
        }
        return String.join(" -> ", steps);
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
