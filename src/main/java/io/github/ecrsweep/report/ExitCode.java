package io.github.ecrsweep.report;

/** The exit codes of the command-line contract, listed in every command's help. */
public enum ExitCode {
    OK(0, "done"),
    FAILED(1, "failed: nothing or not everything could be done, refused by a guard, or declined at the prompt"),
    USAGE(2, "usage or invalid input: bad option, invalid policy, unreadable file or snapshot"),
    PARTIAL(
            3,
            "partial: some changes were applied and some failed or changed since the plan; over several targets"
                    + " (a dry run too), some targets were fine and some failed"),
    CHANGES(4, "with --detailed-exitcode: the plan (a dry run) changes something; 0 then means it changes nothing"),
    INTERRUPTED(130, "interrupted by SIGINT: the call in flight finished, nothing more was sent"),
    TERMINATED(143, "interrupted by SIGTERM: the call in flight finished, nothing more was sent");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
