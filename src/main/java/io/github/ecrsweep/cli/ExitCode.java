package io.github.ecrsweep.cli;

/** The exit codes of the command-line contract, listed in every command's help. */
public enum ExitCode {
    OK(0, "done"),
    FAILED(1, "failed: nothing or not everything could be done, refused by a guard, or declined at the prompt"),
    USAGE(2, "usage or invalid input: bad option, invalid policy, unreadable file or snapshot"),
    PARTIAL(3, "partial: some changes were applied and some failed");

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

    /** The help section that lists the codes, in picocli's {@code exitCodeList} form. */
    static String[] helpList() {
        ExitCode[] all = values();
        String[] lines = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            lines[i] = all[i].code + ":" + all[i].meaning;
        }
        return lines;
    }
}
