package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.ServiceCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works on many repositories at once in a bounded pool, keeping their order, and reports progress. A
 * failure that concerns the whole registry (no region, no credentials, endpoint down) stops the run; a
 * failure of one repository is that repository's result.
 */
public final class Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private static final int PROGRESS_THRESHOLD = 5;

    /** The threads of this fleet's workers, to know work that is the fleet's own. */
    private final ThreadGroup workers = new ThreadGroup("ecrsweep-workers");

    /** Workers when no call was made (a snapshot: the work is the processor's), and with calls to make. */
    public static final int DEFAULT_PARALLEL = 8;

    public static final int MAX_AUTO = 64;

    /** Workers, or 0: {@link #MAX_AUTO} once calls are made, whose windows then pace them, else the default. */
    private final int parallel;

    private final Progress progress;

    /** Whether this run makes service calls, when sized automatically. */
    private final BooleanSupplier calling;

    /** The workers, made at the first map and kept for the next ones. */
    private ThreadPoolExecutor pool;

    public Fleet(int parallel, Progress progress) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1: " + parallel);
        }
        this.parallel = parallel;
        this.progress = progress;
        this.calling = () -> false;
    }

    private Fleet(Progress progress, BooleanSupplier calling) {
        this.parallel = 0;
        this.progress = progress;
        this.calling = calling;
    }

    /**
     * Up to {@link #MAX_AUTO} workers once the run has made a call (the repositories listed), else
     * {@link #DEFAULT_PARALLEL}. The workers bound the calls in flight; how many of them are in flight at once is
     * each operation's window (the registry's), which grows while nothing is throttled and the latency holds and
     * shrinks on throttling, so that the workers are kept and only the permits change.
     */
    public static Fleet automatic(Progress progress) {
        return automatic(progress, ServiceCalls::any);
    }

    /** Sized automatically, {@code calling} telling whether the run makes service calls. */
    static Fleet automatic(Progress progress, BooleanSupplier calling) {
        return new Fleet(progress, calling);
    }

    /** The same parallelism without progress bars: for work that runs beside other such work. */
    public Fleet withoutProgress() {
        return parallel == 0 ? new Fleet(Progress.NONE, calling) : new Fleet(parallel, Progress.NONE);
    }

    /** The workers now: given, or sized automatically. */
    int workers() {
        if (parallel > 0) {
            return parallel;
        }
        return calling.getAsBoolean() ? MAX_AUTO : DEFAULT_PARALLEL;
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
        Function<I, T> stepped = item -> {
            try {
                return work.apply(item);
            } finally {
                bar.step();
            }
        };
        if (Thread.currentThread().getThreadGroup() == workers) {
            // Work of this fleet's own workers: done in place, since waiting for workers that wait would never end.
            try {
                return new ArrayList<>(items.stream().map(stepped).toList());
            } finally {
                bar.close();
            }
        }
        ThreadPoolExecutor pool = pool(Math.min(workers(), items.size()));
        List<Future<T>> futures = new ArrayList<>();
        try {
            for (I item : items) {
                futures.add(pool.submit(() -> stepped.apply(item)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(get(f));
            }
            return results;
        } finally {
            // After a failure, the work still waiting or running is stopped.
            futures.forEach(f -> f.cancel(true));
            bar.close();
        }
    }

    /** The workers of this fleet, at least {@code threads} of them: made once, more added when a later map needs them. */
    private synchronized ThreadPoolExecutor pool(int threads) {
        if (pool == null) {
            pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(workers, r, "ecrsweep-worker");
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            LOG.info("{} workers", threads);
        } else if (threads > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(threads);
            pool.setCorePoolSize(threads);
            LOG.info("{} workers", threads);
        }
        return pool;
    }

    /** The result of work done on another thread: its own failure rethrown as it was, on this thread. */
    static <T> T get(Future<T> f) {
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
