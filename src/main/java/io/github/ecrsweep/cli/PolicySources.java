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

/** Reads policy text from a file or, for {@code -}, from standard input; failures become usage errors. */
final class PolicySources {

    /** Far above the 30,720 characters ECR accepts, so that the validator can say how long it is. */
    static final long MAX_POLICY_BYTES = 1 << 20;

    private final Supplier<InputStream> stdin;

    PolicySources(Supplier<InputStream> stdin) {
        this.stdin = stdin;
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
