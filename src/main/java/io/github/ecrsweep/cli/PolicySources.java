package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Reads policy text from a file, from standard input ({@code -}), or from an environment variable
 * ({@code env:NAME}: where a scheduled task receives a rule file from SSM Parameter Store or Secrets Manager as
 * an ECS secret); failures become usage errors.
 */
final class PolicySources {

    /** The prefix that names an environment variable instead of a file. */
    static final String ENV = "env:";

    /** Far above the 30,720 characters ECR accepts, so that the validator can say how long it is. */
    static final long MAX_POLICY_BYTES = 1 << 20;

    private final Supplier<InputStream> stdin;
    private final java.util.function.Function<String, String> environment;

    PolicySources(Supplier<InputStream> stdin) {
        this(stdin, System::getenv);
    }

    PolicySources(Supplier<InputStream> stdin, java.util.function.Function<String, String> environment) {
        this.stdin = stdin;
        this.environment = environment;
    }

    /** Whether a source is read from no file, so that paths in it are relative to the working directory. */
    static boolean isFile(String name) {
        return !"-".equals(name) && !name.startsWith(ENV);
    }

    /** Standard input, for a source named {@code -}. */
    Supplier<InputStream> stdin() {
        return stdin;
    }

    /** How a policy source is named in messages and reports: its path, or {@code <stdin>}. */
    static String label(String name) {
        return "-".equals(name) ? "<stdin>" : name;
    }

    String read(String name) {
        return read(name, "policy file");
    }

    /** The text of a file of this kind ({@code policy file}, {@code rule file}); a failure is a usage error. */
    String read(String name, String what) {
        try {
            if ("-".equals(name)) {
                try (InputStream in = stdin.get()) {
                    return InputFile.decode(in, MAX_POLICY_BYTES, "policy");
                }
            }
            if (name.startsWith(ENV)) {
                String variable = name.substring(ENV.length());
                String value = variable.isEmpty() ? null : environment.apply(variable);
                if (value == null || value.isBlank()) {
                    throw new UserError(
                            ExitCode.USAGE,
                            "cannot read " + what + " '" + Text.safe(name) + "': the environment variable "
                                    + Text.safe(variable) + " is not set or empty");
                }
                return value;
            }
            return InputFile.read(Path.of(name), MAX_POLICY_BYTES, "policy");
        } catch (InputFile.UnreadableException e) {
            throw new UserError(
                    ExitCode.USAGE, "cannot read " + what + " '" + Text.safe(name) + "': " + e.getMessage(), e);
        } catch (InvalidPathException e) {
            throw new UserError(ExitCode.USAGE, "cannot read " + what + " '" + Text.safe(name) + "': invalid path", e);
        } catch (IOException e) {
            throw new UserError(
                    ExitCode.USAGE,
                    "cannot read " + what + " '" + Text.safe(name) + "': "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }
}
