package io.github.ecrsweep;

import io.github.ecrsweep.cli.Cli;
import io.github.ecrsweep.cli.RegistryFactory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The ecrsweep command line: builds the commands, runs one, exits with the contract's code. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (io.github.ecrsweep.cli.VersionProvider.answeredBare(args, System.out)) {
            return;
        }
        RegistryFactory.prepare(args);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(Cli.Environment.process(out, err), args));
    }

    /** Runs one command in the given environment and returns its exit code; tests call this. */
    public static int run(Cli.Environment env, String... args) {
        int code;
        try {
            code = Cli.create(env, args).execute(args);
        } catch (OutOfMemoryError e) {
            // Outside the command's own handling: the heap ran out while the command line was built or read, or
            // while an error was said; a snapshot read early on the other core can fill the heap that soon.
            code = Cli.heapRanOut(env.err());
        } finally {
            RegistryFactory.closeSessions();
        }
        env.out().flush();
        env.err().flush();
        return code;
    }
}
