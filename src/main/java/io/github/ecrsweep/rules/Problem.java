package io.github.ecrsweep.rules;

import java.util.Objects;

/**
 * One thing wrong with a policy, at a JSON location such as {@code rules[1].selection.countUnit}.
 * {@code line} and {@code column} are 1-based positions in the policy text, or 0 when not known.
 */
public record Problem(String path, String message, int line, int column) {

    /** The path of problems about the policy text as a whole. */
    public static final String DOCUMENT = "policy";

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public static Problem at(String path, String message) {
        return new Problem(path, message, 0, 0);
    }

    public Problem withPosition(int line, int column) {
        return new Problem(path, message, line, column);
    }

    /**
     * Every problem with its place, on one line ({@code path (line L, column C): message; ...}): how a
     * command that refuses a file says why, where {@code validate} lists them one per line.
     */
    public static String oneLine(java.util.List<Problem> problems) {
        return problems.stream()
                .map(p -> p.path() + (p.hasPosition() ? " (line " + p.line() + ", column " + p.column() + ")" : "")
                        + ": " + p.message())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    public boolean hasPosition() {
        return line > 0;
    }

    /** {@code path: message}, the form shown to users. */
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
