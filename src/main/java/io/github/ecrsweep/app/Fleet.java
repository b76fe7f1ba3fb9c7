package io.github.ecrsweep.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Works on many repositories at once in a bounded pool, keeping their order, and reports progress. A
 * failure that concerns the whole registry (no region, no credentials, endpoint down) stops the run; a
 * failure of one repository is that repository's result.
 */
public final class Fleet {

    private static final int PROGRESS_THRESHOLD = 5;

    private final int parallel;
    private final Progress progress;

    public Fleet(int parallel, Progress progress) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1: " + parallel);
        }
        this.parallel = parallel;
        this.progress = progress;
    }

    /** The same parallelism without progress bars: for work that runs beside other such work. */
    public Fleet withoutProgress() {
        return new Fleet(parallel, Progress.NONE);
    }

    /** One at a time, silently. */
    public static Fleet sequential() {
        return new Fleet(1, Progress.NONE);
    }

    /** Applies {@code work} to every item, {@code parallel} at a time, and returns the results in the items' order. */
    public <I, T> List<T> map(String task, List<I> items, Function<I, T> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        Progress.Task bar =
                items.size() >= PROGRESS_THRESHOLD ? progress.start(task, items.size()) : Progress.NONE.start(task, 0);
        int threads = Math.min(parallel, items.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ecrsweep-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(() -> {
                    try {
                        return work.apply(item);
                    } finally {
                        bar.step();
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(get(f));
            }
            return results;
        } finally {
            pool.shutdownNow();
            bar.close();
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the workers", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
