package io.github.ecrsweep.rules;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Which images each rule of a policy selects, by position in the graph's order: for a large repository found on a
 * second thread while the graph is built, since matching the rules' tags is the part of a plan that needs nothing
 * but the image.
 */
final class Candidates {

    private final FutureTask<boolean[][]> task;

    private Candidates(FutureTask<boolean[][]> task) {
        this.task = task;
    }

    /** Starts finding the candidates of every rule among {@code sorted}; on a second thread when {@code apart}. */
    static Candidates find(LifecyclePolicy policy, Image[] sorted, boolean apart) {
        List<Rule> rules = policy.rules();
        FutureTask<boolean[][]> task = new FutureTask<>(() -> {
            boolean[][] found = new boolean[rules.size()][sorted.length];
            for (int r = 0; r < rules.size(); r++) {
                Selection selection = rules.get(r).selection();
                boolean[] candidate = found[r];
                for (int i = 0; i < sorted.length; i++) {
                    candidate[i] = selection.isCandidate(sorted[i]);
                }
            }
            return found;
        });
        if (apart) {
            Thread thread = new Thread(task, "ecrsweep-candidates");
            thread.setDaemon(true);
            thread.start();
        } else {
            task.run();
        }
        return new Candidates(task);
    }

    /** The candidates, waited for: {@code [rule][position]}. */
    boolean[][] get() {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the rules' candidates were found", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
