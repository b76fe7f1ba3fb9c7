package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.RegistryException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Works on many repositories at once in a bounded pool, keeping their order, with a progress bar on a
 * terminal. A failure that concerns the whole registry (no region, no credentials, endpoint down)
 * stops the run; a failure of one repository is that repository's result.
 */
final class Fleet {

    private static final int PROGRESS_THRESHOLD = 5;

    private final int parallel;
    private final Supplier<PrintStream> progressStream;

    /** {@code progressStream} gives null when standard error is not a terminal; it is asked only when a bar would be drawn. */
    Fleet(int parallel, Supplier<PrintStream> progressStream) {
        if (parallel < 1) {
            throw new UserError(ExitCode.USAGE, "--parallel must be at least 1, not " + parallel);
        }
        this.parallel = parallel;
        this.progressStream = progressStream;
    }

    /** Applies {@code work} to every item, {@code parallel} at a time, and returns the results in the items' order. */
    <I, T> List<T> map(String task, List<I> items, Function<I, T> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        PrintStream stream = items.size() >= PROGRESS_THRESHOLD ? progressStream.get() : null;
        ProgressBar bar = stream != null
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(items.size())
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(stream))
                        .setUpdateIntervalMillis(200).build()
                : null;
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
                        if (bar != null) {
                            bar.step();
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
            if (bar != null) {
                bar.close();
            }
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(ExitCode.FAILED, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Whether a registry failure concerns every repository alike, so going on is pointless. */
    static boolean isFatal(RegistryException e) {
        switch (e.kind()) {
            case NO_REGION:
            case NO_CREDENTIALS:
            case PROFILE_NOT_FOUND:
            case INSECURE_ENDPOINT:
            case SSO_LOGIN_NEEDED:
            case UNREACHABLE:
                return true;
            default:
                return false;
        }
    }
}
