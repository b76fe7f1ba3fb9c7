package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.app.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Without a terminal, a long run shows life in the log, sparingly; a short one says nothing. */
class ProgressBarsTest {

    @Test
    void withoutATerminalALineAtMostEveryTenSecondsAndNoneForShortWork() {
        StringWriter log = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress progress = new ProgressBars(() -> null, new PrintWriter(log), clock::get);

        try (Progress.Task task = progress.start("Planning", 500)) {
            for (int i = 0; i < 500; i++) {
                clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // 50 s in all
                task.step();
            }
        }
        try (Progress.Task quick = progress.start("Deleting", 10)) {
            for (int i = 0; i < 10; i++) {
                clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
                quick.step();
            }
        }

        assertThat(log.toString().lines()).hasSize(5).first().isEqualTo("ecrsweep: Planning: 100 of 500");
        assertThat(log.toString()).doesNotContain("Deleting");
    }
}
