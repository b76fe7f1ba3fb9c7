package io.github.ecrsweep;

import io.github.ecrsweep.cli.Cli;
import io.github.ecrsweep.cli.RegistryFactory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The ecrsweep command line: builds the commands, runs one, exits with the contract's code. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The command line is not built for this: a version check in a script costs the JVM's start only.
            try {
                for (String line : io.github.ecrsweep.cli.VersionProvider.lines()) {
                    System.out.println(line);
                }
                System.out.flush();
                return;
            } catch (java.io.IOException e) {
                // the command line says what is wrong
            }
        }
        RegistryFactory.prepare(args);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(
                new Cli.Environment(
                        out,
                        err,
                        () -> System.in,
                        Clock.systemUTC(),
                        RegistryFactory.standard(),
                        Cli.terminalPrompter(),
                        Cli.progressOnTerminal(),
                        Cli.terminalColumns(),
                        true),
                args));
    }

    /** Runs one command in the given environment and returns its exit code; tests call this. */
    public static int run(Cli.Environment env, String... args) {
        int code;
        try {
            code = Cli.create(env, args).execute(args);
        } finally {
            RegistryFactory.closeSessions();
        }
        env.out().flush();
        env.err().flush();
        return code;
    }
}
