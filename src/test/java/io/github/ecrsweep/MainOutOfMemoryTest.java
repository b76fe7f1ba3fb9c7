package io.github.ecrsweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.cli.Cli;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A heap that runs out around the command, not in it (while the command line is read, or while an error is said):
 * the same one line as a command that runs out, with the option that gives more, and no stack trace.
 */
class MainOutOfMemoryTest {

    /** Text that runs out of memory at its first write, as a full heap would, and is written after that. */
    private static final class FullOnce extends Writer {
        final StringWriter text = new StringWriter();
        private boolean full = true;

        @Override
        public void write(char[] chars, int offset, int length) {
            if (full) {
                full = false;
                throw new OutOfMemoryError("Java heap space");
            }
            text.write(chars, offset, length);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void aHeapThatRunsOutWhileTheCommandLineIsReadIsOneLine() {
        FullOnce err = new FullOnce();
        StringWriter out = new StringWriter();
        Cli.Environment env = new Cli.Environment(
                new PrintWriter(out),
                new PrintWriter(err),
                InputStream::nullInputStream,
                Clock.systemUTC(),
                target -> {
                    throw new AssertionError("no registry is opened");
                },
                null,
                () -> null,
                () -> 0,
                false);

        // An option no command has: picocli's handler says so on stderr, where the heap runs out.
        int code = Main.run(env, "delete-untagged", "--all", "--no-such-option");

        assertThat(code).isEqualTo(1);
        assertThat(err.text.toString().lines())
                .singleElement()
                .asString()
                .startsWith("ecrsweep: out of memory: the Java heap (at most ")
                .contains("ECRSWEEP_JAVA_OPTS=-Xmx");
        assertThat(out.toString()).isEmpty();
    }
}
