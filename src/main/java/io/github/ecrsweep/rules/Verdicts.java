package io.github.ecrsweep.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a planner decided per image position of a graph; turned into an ordered {@link Plan} at the end. */
final class Verdicts {

    private final ImageGraph graph;
    private final DecisionAction[] action;
    private final Reason[] reason;
    /** The deciding rule's priority; 0 when no rule decided. */
    private final int[] priority;
    /** The sources that report each image in use, or null; see {@link Pins#protect}. */
    private Set<String>[] inUse;
    /** The tags each untag decision removes, by position; see {@link #untag}. */
    private final java.util.Map<Integer, List<String>> untag = new java.util.HashMap<>();

    Verdicts(ImageGraph graph) {
        this.graph = graph;
        int n = graph.size();
        action = new DecisionAction[n];
        reason = new Reason[n];
        priority = new int[n];
    }

    void set(int i, DecisionAction a, Reason r, int rulePriority) {
        action[i] = a;
        reason[i] = r;
        priority[i] = rulePriority;
    }

    /** Removes these tags of the image (never all of them) and leaves the image. */
    void untag(int i, List<String> tags, Reason why, int rulePriority) {
        untag.put(i, List.copyOf(tags));
        set(i, DecisionAction.UNTAG, why, rulePriority);
    }

    /** Whether the image is deleted, expired or archived: gone from where it was (an untag leaves it in place). */
    boolean moves(int i) {
        return action[i] != null && action[i] != DecisionAction.KEEP && action[i] != DecisionAction.UNTAG;
    }

    void keep(int i, Reason r, int rulePriority) {
        set(i, DecisionAction.KEEP, r, rulePriority);
    }

    /**
     * Applies the pins: every image they protect carries its sources, and with {@code keep} an image the
     * plan acts on is kept instead, as {@code in-use}. The protected images are closed under the graph's
     * edges, so keeping them leaves no deletion that depends on a kept image.
     */
    void pin(Pins pins, boolean keep) {
        inUse = pins.protect(graph);
        if (keep) {
            for (int i = 0; i < inUse.length; i++) {
                if (inUse[i] != null && acts(i)) {
                    keep(i, Reason.IN_USE, priority[i]);
                }
            }
        }
    }

    /**
     * Keeps every image the list protects that the plan acts on, with {@code reason}, without counting
     * it as in use: the same closure under the graph as {@link #pin}.
     */
    void hold(Pins pins, Reason why) {
        Set<String>[] held = pins.protect(graph);
        for (int i = 0; i < held.length; i++) {
            if (held[i] != null && acts(i)) {
                keep(i, why, priority[i]);
            }
        }
    }

    /** Keeps every transition as left to ECR: all of them, so that no index is archived without its children. */
    void leaveTransitions() {
        for (int i = 0; i < action.length; i++) {
            if (action[i] == DecisionAction.TRANSITION) {
                keep(i, Reason.ARCHIVE_LEFT_TO_ECR, priority[i]);
            }
        }
    }

    private List<String> inUse(int i) {
        return inUse == null || inUse[i] == null ? List.of() : List.copyOf(inUse[i]);
    }

    boolean isDecided(int i) {
        return action[i] != null;
    }

    /** Whether the image is deleted, expired or transitioned. */
    boolean acts(int i) {
        return action[i] != null && action[i] != DecisionAction.KEEP;
    }

    /** Whether the image is deleted or expired: gone after the plan. */
    boolean removes(int i) {
        return action[i] != null && action[i].removesImage();
    }

    /**
     * Puts the position of every image {@code which} holds for into {@code positions}, from 0; returns how many: a
     * walk's start (those acted on, removed, or moved).
     */
    int where(int[] positions, java.util.function.IntPredicate which) {
        int count = 0;
        for (int i = 0; i < action.length; i++) {
            if (which.test(i)) {
                positions[count++] = i;
            }
        }
        return count;
    }

    DecisionAction action(int i) {
        return action[i];
    }

    int priority(int i) {
        return priority[i];
    }

    /**
     * Orders the decisions: actions wave by wave (a child one wave after the last of its acted-on
     * indexes, a referrer one wave after its acted-on subject), oldest first within a wave; then the
     * kept images, oldest first.
     */
    Plan toPlan() {
        int n = graph.size();
        int[] wave = waves();
        List<List<Decision>> waves = new ArrayList<>();
        List<Decision> kept = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            if (action[i] == null) {
                throw new IllegalStateException("no decision for " + graph.at(i).digest());
            }
            Integer rule = priority[i] == 0 ? null : priority[i];
            if (!acts(i)) {
                kept.add(new Decision(graph.at(i), action[i], reason[i], rule, 0, 0, graph.kindAt(i), inUse(i)));
                continue;
            }
            int w = wave[i];
            while (waves.size() <= w) {
                waves.add(new ArrayList<>());
            }
            boolean untags = action[i] == DecisionAction.UNTAG;
            waves.get(w)
                    .add(new Decision(
                            graph.at(i),
                            action[i],
                            reason[i],
                            rule,
                            w,
                            untags ? 0 : graph.at(i).storedBytes(),
                            graph.kindAt(i),
                            inUse(i),
                            untags ? untag.get(i) : List.of()));
        }
        List<Decision> ordered = new ArrayList<>(n);
        waves.forEach(ordered::addAll);
        ordered.addAll(kept);
        return Plan.ordered(ordered);
    }

    /**
     * The wave of every acted-on image, without recursion (index chains in a snapshot can be deep): in
     * topological order of the edges index to child and subject to referrer between acted-on images.
     * Digests are content addresses, so a registry has no cycles; should a snapshot have one, its images
     * go in a wave after all others rather than never.
     */
    private int[] waves() {
        int n = graph.size();
        int[] wave = new int[n];
        int[] pending = new int[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (!acts(i)) {
                continue;
            }
            for (int p : graph.parents(i)) {
                if (acts(p)) {
                    pending[i]++;
                }
            }
            int s = graph.subject(i);
            if (s >= 0 && acts(s)) {
                pending[i]++;
            }
            if (pending[i] == 0) {
                queue[tail++] = i;
            }
        }
        int last = 0;
        while (head < tail) {
            int i = queue[head++];
            last = Math.max(last, wave[i]);
            for (int[] dependants : new int[][] {graph.children(i), graph.referrers(i)}) {
                for (int d : dependants) {
                    if (acts(d)) {
                        wave[d] = Math.max(wave[d], wave[i] + 1);
                        if (--pending[d] == 0) {
                            queue[tail++] = d;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (acts(i) && pending[i] > 0) {
                wave[i] = last + 1;
            }
        }
        return wave;
    }
}
