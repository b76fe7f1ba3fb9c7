package io.github.ecrsweep.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root command: lists the subcommands and holds the options every command shares. The subcommands are added
 * by {@link Cli#create(Cli.Environment, String...)}, which builds only the one a run names.
 */
@Command(
        name = "ecrsweep",
        // Declared once: every command inherits help and version options, the version and the help width.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Keeps Amazon ECR registries clean: lists what they hold, deletes untagged and stale images"
                + " without breaking multi-architecture images or signatures, and puts lifecycle policies on many"
                + " repositories, always able to show first, as a dry run, exactly what would change.")
public final class EcrSweepCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--stacktrace",
            scope = ScopeType.INHERIT,
            description = "Print the full stack trace of an error (for bug reports).")
    boolean stacktrace;

    /** Read by {@link Logging} before the command runs and before any logger exists; see there. */
    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description =
                    "More diagnostics on stderr: -v ecrsweep's steps with times, -vv also the AWS SDK's requests, -vvv"
                            + " everything (credentials never).")
    boolean[] verbose = new boolean[0];

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "a command is required (one of: "
                        + String.join(", ", spec.subcommands().keySet()) + ")");
    }
}
