package io.github.ecrsweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A bare --version is answered before the command line is built, with what the command line says. */
class MainVersionTest {

    @Test
    void theShortPathPrintsWhatTheCommandLinePrints() {
        StringWriter text = new StringWriter();
        int code = Main.run(Cli.Environment.unattended(new PrintWriter(text)), "--version", "-v");

        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Main.main(new String[] {"--version"});
        } finally {
            System.setOut(saved);
        }

        assertThat(code).isZero();
        String fast = bytes.toString(StandardCharsets.UTF_8);
        assertThat(fast).startsWith("ecrsweep ").contains("Java " + System.getProperty("java.version"));
        assertThat(fast.lines()).isEqualTo(text.toString().lines().toList());
    }
}
