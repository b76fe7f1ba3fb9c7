package io.github.ecrsweep.app;

import java.util.List;

/** The person who confirms a plan before it changes anything, if there is one. */
public interface Confirmation {

    /** Nobody to ask: a run without --yes is refused. */
    Confirmation NOBODY = new Confirmation() {
        @Override
        public boolean personPresent() {
            return false;
        }

        @Override
        public boolean confirm(List<Question> questions) {
            return false;
        }
    };

    boolean personPresent();

    /**
     * Shows each plan as the person reads it with its question, asks once for all of them, and says whether
     * the person agreed.
     */
    boolean confirm(List<Question> questions);

    /**
     * As {@link #confirm(List)}, the person also told which targets could not be planned (each as its name and
     * why), in which nothing will be done whatever the answer.
     */
    default boolean confirm(List<Question> questions, List<String> notPlanned) {
        return confirm(questions);
    }

    /**
     * One target's plan and question.
     *
     * @param target the target's name when the run has several; null for a run of one
     * @param plan   the plan, pending
     */
    record Question(String target, Outcome plan, String text) {}
}
