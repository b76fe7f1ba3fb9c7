package io.github.ecrsweep.cli;

import java.io.Console;

/** Asks the person at the terminal, if there is one. */
public interface Prompter {

    /** Whether a person can answer: standard input and output are a terminal. */
    boolean isInteractive();

    /** Asks a yes/no question; anything but y or yes is no. */
    boolean confirm(String question);

    /** The prompter of the real terminal. */
    static Prompter console() {
        return new Prompter() {
            @Override
            public boolean isInteractive() {
                return System.console() != null;
            }

            @Override
            public boolean confirm(String question) {
                Console console = System.console();
                if (console == null) {
                    return false;
                }
                String answer = console.readLine("%s [y/N] ", question);
                return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
            }
        };
    }
}
