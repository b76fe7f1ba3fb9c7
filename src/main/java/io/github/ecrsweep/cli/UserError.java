package io.github.ecrsweep.cli;

/** A failure the user can act on: printed as one line, with its exit code, never with a stack trace by default. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final int processExitCode;

    public UserError(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public UserError(ExitCode exitCode, String message, Throwable cause) {
        this(exitCode, message, cause, exitCode.code());
    }

    /** An error whose process exit code differs from the contract's, e.g. 130 after SIGINT as shells expect. */
    public UserError(ExitCode exitCode, String message, Throwable cause, int processExitCode) {
        super(message, cause);
        this.exitCode = exitCode;
        this.processExitCode = processExitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public int processExitCode() {
        return processExitCode;
    }
}
