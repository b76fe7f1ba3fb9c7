package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Progress;
import java.io.PrintStream;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress as a bar on standard error when it is a terminal; nothing otherwise. */
final class ProgressBars implements Progress {

    private final Supplier<PrintStream> terminal;

    /** {@code terminal} gives standard error when it is a terminal, null otherwise; asked only when a bar would be drawn. */
    ProgressBars(Supplier<PrintStream> terminal) {
        this.terminal = terminal;
    }

    @Override
    public Task start(String task, int total) {
        PrintStream stream = terminal.get();
        if (stream == null) {
            return NONE.start(task, total);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(stream)).setUpdateIntervalMillis(200).build();
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
}
