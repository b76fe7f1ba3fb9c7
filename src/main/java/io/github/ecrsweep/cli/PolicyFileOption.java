package io.github.ecrsweep.cli;

import picocli.CommandLine.Option;

/** The lifecycle policy a command reads: {@code --policy FILE}, or standard input. */
final class PolicyFileOption {

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            required = true,
            description = "The lifecycle policy file; - reads standard input, env:NAME the environment variable NAME.")
    String file;

    PolicyInput load(Context context) {
        return PolicyInput.load(context.policies(), file);
    }

    /** One policy, not a document of several repositories' policies (which only apply-all reads). */
    PolicyInput loadOne(Context context) {
        PolicyInput input = load(context);
        if (input.isDocument()) {
            throw new io.github.ecrsweep.report.UserError(
                    io.github.ecrsweep.report.ExitCode.USAGE,
                    "'" + PolicySources.label(file)
                            + "' is a document of several repositories' policies: apply-all --policy reads it");
        }
        return input;
    }

    /** Whether the policy is read from standard input, which no other input may then be. */
    boolean fromStdin() {
        return "-".equals(file);
    }
}
