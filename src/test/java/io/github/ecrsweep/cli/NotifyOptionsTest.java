package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What --notify sends, and what a run without it does not even make. */
class NotifyOptionsTest {

    /**
     * Without --notify the notice is never made: its text is the whole report in Markdown, every image of a
     * 100,000-image plan included.
     */
    @Test
    void withoutATargetTheNoticeIsNotMade() {
        NotifyOptions none = new NotifyOptions(name -> null);
        AtomicInteger made = new AtomicInteger();
        StringWriter err = new StringWriter();

        none.send(
                () -> {
                    made.incrementAndGet();
                    throw new AssertionError("the notice was made for no target");
                },
                null,
                new PrintWriter(err));

        assertThat(made).hasValue(0);
        assertThat(err.toString()).isEmpty();
    }
}
