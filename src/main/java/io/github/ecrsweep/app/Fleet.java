package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.CallLatency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
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

    /**
     * The calls per second an automatically sized fleet aims at in one account and region. ECR publishes no rate
     * quota for the calls a cleanup makes most (DescribeImages, BatchDeleteImage, ...); a throttled call backs
     * off on its own (each operation has its own retry strategy), and --max-rate sets a ceiling.
     */
    public static final int AIMED_RATE = 200;

    /** Workers when nothing is known of the latency yet (a snapshot, no call made), and the bounds. */
    public static final int DEFAULT_PARALLEL = 8;

    public static final int MIN_AUTO = 8;

    public static final int MAX_AUTO = 64;

    /** Workers, or 0: sized from the latency of the calls made so far, and again as the work goes on. */
    private final int parallel;

    private final Progress progress;

    /** The latency of the latest calls, when sized automatically. */
    private final Supplier<Optional<Duration>> latency;

    public Fleet(int parallel, Progress progress) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1: " + parallel);
        }
        this.parallel = parallel;
        this.progress = progress;
        this.latency = Optional::empty;
    }

    private Fleet(Progress progress, Supplier<Optional<Duration>> latency) {
        this.parallel = 0;
        this.progress = progress;
        this.latency = latency;
    }

    /**
     * Workers sized by Little's law: calls in flight = {@link #AIMED_RATE} x the latency of the latest calls,
     * within {@link #MIN_AUTO} and {@link #MAX_AUTO}; first from the calls made before the work starts (the
     * repositories listed), then again after each item, since the latency of a loaded run is not that of its
     * first calls (a pool sized once reached three quarters of the aimed rate).
     */
    public static Fleet automatic(Progress progress) {
        return automatic(progress, CallLatency::typical);
    }

    /** Sized automatically from this latency. */
    static Fleet automatic(Progress progress, Supplier<Optional<Duration>> latency) {
        return new Fleet(progress, latency);
    }

    /** The workers for this latency, when sized automatically. */
    public static int workersFor(Optional<Duration> latency) {
        if (latency.isEmpty()) {
            return DEFAULT_PARALLEL;
        }
        double inFlight = AIMED_RATE * (latency.get().toNanos() / 1e9);
        return (int) Math.max(MIN_AUTO, Math.min(MAX_AUTO, Math.ceil(inFlight)));
    }

    /** The same parallelism without progress bars: for work that runs beside other such work. */
    public Fleet withoutProgress() {
        return parallel == 0 ? new Fleet(Progress.NONE, latency) : new Fleet(parallel, Progress.NONE);
    }

    /** The workers for the latest latency, said in the log when {@code log}. */
    private int workers(boolean log) {
        if (parallel > 0) {
            return parallel;
        }
        Optional<Duration> latest = latency.get();
        int workers = workersFor(latest);
        if (log) {
            LOG.info(
                    "{} workers ({} calls per second x {} ms per call)",
                    workers,
                    AIMED_RATE,
                    latest.map(Duration::toMillis).map(String::valueOf).orElse("unknown"));
        }
        return workers;
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
        int threads = Math.min(workers(true), items.size());
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
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
                        if (parallel == 0) {
                            resize(pool, Math.min(workers(false), items.size()));
                        }
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

    /** The pool's workers, now {@code workers}: more start for the items waiting, fewer stop when idle. */
    private static void resize(ThreadPoolExecutor pool, int workers) {
        synchronized (pool) {
            int now = pool.getCorePoolSize();
            if (workers > now) {
                pool.setMaximumPoolSize(workers);
                pool.setCorePoolSize(workers);
            } else if (workers < now) {
                pool.setCorePoolSize(workers);
                pool.setMaximumPoolSize(workers);
            } else {
                return;
            }
        }
        LOG.debug("{} workers", workers);
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
