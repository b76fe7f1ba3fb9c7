package io.github.ecrsweep.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a planner decided per image position of a graph; turned into an ordered {@link Plan} at the end. */
final class Verdicts {

    private final ImageGraph graph;
    private final DecisionAction[] action;
    private final Reason[] reason;
    /** The deciding rule's priority; 0 when no rule decided. */
    private final int[] priority;

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

    void keep(int i, Reason r, int rulePriority) {
        set(i, DecisionAction.KEEP, r, rulePriority);
    }

    boolean isDecided(int i) {
        return action[i] != null;
    }

    /** Whether the image is deleted, expired or transitioned. */
    boolean acts(int i) {
        return action[i] != null && action[i] != DecisionAction.KEEP;
    }

    DecisionAction action(int i) {
        return action[i];
    }

    int priority(int i) {
        return priority[i];
    }

    /**
     * Orders the decisions: actions wave by wave (a child one wave after the last of its acted-on
     * indexes), oldest first within a wave; then the kept images, oldest first.
     */
    Plan toPlan() {
        int n = graph.size();
        int[] wave = new int[n];
        Arrays.fill(wave, -1);
        List<List<Decision>> waves = new ArrayList<>();
        List<Decision> kept = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            if (action[i] == null) {
                throw new IllegalStateException("no decision for " + graph.at(i).digest());
            }
            Integer rule = priority[i] == 0 ? null : priority[i];
            if (!acts(i)) {
                kept.add(new Decision(graph.at(i), action[i], reason[i], rule, 0, 0, graph.kindAt(i)));
                continue;
            }
            int w = waveOf(i, wave);
            while (waves.size() <= w) {
                waves.add(new ArrayList<>());
            }
            waves.get(w).add(new Decision(graph.at(i), action[i], reason[i], rule, w, graph.bytesAt(i), graph.kindAt(i)));
        }
        List<Decision> ordered = new ArrayList<>(n);
        waves.forEach(ordered::addAll);
        ordered.addAll(kept);
        return Plan.ordered(ordered);
    }

    private int waveOf(int i, int[] memo) {
        if (memo[i] >= 0) {
            return memo[i];
        }
        memo[i] = 0; // digests are content addresses, so there are no cycles; this only guards against bad input
        int w = 0;
        for (int p : graph.parents(i)) {
            if (acts(p)) {
                w = Math.max(w, waveOf(p, memo) + 1);
            }
        }
        memo[i] = w;
        return w;
    }
}
