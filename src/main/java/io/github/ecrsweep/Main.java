package io.github.ecrsweep;

import io.github.ecrsweep.cli.Cli;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The ecrsweep command line: builds the commands, runs one, exits with the contract's code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, () -> System.in, args));
    }

    /** Runs one command with the given streams and returns its exit code; tests call this. */
    public static int run(PrintWriter out, PrintWriter err, Supplier<InputStream> stdin, String... args) {
        int code = Cli.create(new Cli.Environment(out, err, stdin)).execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
