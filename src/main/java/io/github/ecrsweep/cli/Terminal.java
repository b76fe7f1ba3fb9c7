package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.Text;
import java.io.BufferedReader;
import java.io.Console;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Whether a person is at this process's terminal, and asking them. A person is there when standard
 * input is a terminal; the question goes to the controlling terminal ({@code /dev/tty}), as
 * {@code git} and {@code terraform} do, so it reaches them even when standard output is redirected
 * ({@code | tee}, {@code -o json > plan.json}). {@code System.console()} alone cannot decide this: it is
 * null as soon as standard output is redirected, and on JDK 22 to 24 it is non-null even when nothing
 * is a terminal ({@code Console.isTerminal()} tells, where the JDK has it).
 */
final class Terminal {

    private static final Path TTY = Path.of("/dev/tty");

    private Terminal() {}

    /** The prompter of the real terminal. */
    static Prompter prompter() {
        return new Prompter() {
            @Override
            public boolean isInteractive() {
                return isTerminal(0) && (controllingTerminalOpens() || consoleIsTerminal());
            }

            @Override
            public void show(String text) {
                try (FileOutputStream tty = new FileOutputStream(TTY.toFile())) {
                    tty.write(text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException | SecurityException e) {
                    Console console = System.console();
                    if (console != null && consoleIsTerminal()) {
                        console.writer().print(text);
                        console.writer().flush();
                    }
                }
            }

            @Override
            public boolean confirm(String question) {
                String text = Text.safe(question) + " [y/N] ";
                String answer = ask(text);
                return answer != null
                        && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
            }
        };
    }

    /** Whether this process has a controlling terminal: opening /dev/tty fails without one (ENXIO), whatever its mode. */
    private static boolean controllingTerminalOpens() {
        try {
            new FileOutputStream(TTY.toFile()).close();
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Asks on the controlling terminal, else on the console; null when neither can be used. */
    private static String ask(String question) {
        try (FileInputStream in = new FileInputStream(TTY.toFile());
                FileOutputStream outStream = new FileOutputStream(TTY.toFile())) {
            Writer out = new OutputStreamWriter(outStream, StandardCharsets.UTF_8);
            out.write(question);
            out.flush();
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException | SecurityException e) {
            Console console = System.console();
            if (console == null || !consoleIsTerminal()) {
                return null;
            }
            PrintWriter w = console.writer();
            w.print(question);
            w.flush();
            return console.readLine();
        }
    }

    /**
     * How many columns the terminal standard output shows, or 0 when standard output is not a terminal or
     * the width cannot be told: $COLUMNS when exported, else what {@code stty size} says of /dev/tty.
     */
    static int columns() {
        if (!isTerminal(1)) {
            return 0;
        }
        String exported = System.getenv("COLUMNS");
        if (exported != null && exported.matches("[0-9]{1,4}")) {
            return Integer.parseInt(exported);
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("[0-9]+ [0-9]+")) {
                return 0;
            }
            return Integer.parseInt(out.split(" ")[1]);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** System.console(), and on JDKs that have it, its isTerminal(). */
    static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22, a console exists only when standard input and output are terminals
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether file descriptor 0, 1 or 2 of this process is a terminal: from /proc on Linux, else by asking
     * {@code test -t} with the descriptor inherited, else (no such shell) from the console.
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            if (Files.isSymbolicLink(link)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        try {
            ProcessBuilder test = new ProcessBuilder("sh", "-c", "test -t " + fd)
                    .redirectInput(fd == 0 ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(fd == 1 ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD)
                    .redirectError(fd == 2 ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
            Process p = test.start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return consoleIsTerminal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
