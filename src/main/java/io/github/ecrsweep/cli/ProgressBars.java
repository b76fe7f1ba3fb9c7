package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Progress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a bar on standard error when it is a terminal; otherwise, so that a CI log shows life
 * without filling up, a line at most every {@value #LINE_EVERY_SECONDS} seconds, and none for work
 * shorter than that.
 */
final class ProgressBars implements Progress {

    static final long LINE_EVERY_SECONDS = 10;

    private final Supplier<PrintStream> terminal;
    private final PrintWriter log;
    private final LongSupplier nanoTime;

    /**
     * @param terminal standard error when it is a terminal, null otherwise; asked only when a bar would be drawn
     * @param log      where the progress lines go when there is no terminal
     */
    ProgressBars(Supplier<PrintStream> terminal, PrintWriter log, LongSupplier nanoTime) {
        this.terminal = terminal;
        this.log = log;
        this.nanoTime = nanoTime;
    }

    @Override
    public Task start(String task, int total) {
        PrintStream stream = terminal.get();
        if (stream == null) {
            return lines(task, total);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .setUpdateIntervalMillis(200)
                .build();
        return new Task() {
            @Override
            public void step() {
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    private Task lines(String task, int total) {
        long every = TimeUnit.SECONDS.toNanos(LINE_EVERY_SECONDS);
        AtomicLong last = new AtomicLong(nanoTime.getAsLong());
        AtomicInteger done = new AtomicInteger();
        return new Task() {
            @Override
            public void step() {
                int n = done.incrementAndGet();
                long now = nanoTime.getAsLong();
                long before = last.get();
                if (now - before >= every && last.compareAndSet(before, now)) {
                    synchronized (log) {
                        log.println("ecrsweep: " + task + ": " + n + " of " + total);
                        log.flush();
                    }
                }
            }

            @Override
            public void close() {}
        };
    }
}
