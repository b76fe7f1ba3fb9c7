package io.github.ecrsweep.report;

/** A failure the user can act on: printed as one line, with its exit code, never with a stack trace by default. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public UserError(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public UserError(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
