package io.github.ecrsweep.cli;

/** Asks the person at the terminal, if there is one; {@link Terminal#prompter()} is the real one. */
public interface Prompter {

    /** Whether a person can answer: standard input is a terminal and a terminal can be asked on. */
    boolean isInteractive();

    /** Asks a yes/no question; anything but y or yes is no. */
    boolean confirm(String question);

    /**
     * Shows the person what they are about to answer for, where they answer (the terminal), when standard
     * output carries a document for machines instead.
     */
    void show(String text);
}
