package io.github.ecrsweep.app;

/** The person who confirms a plan before it changes anything, if there is one. */
public interface Confirmation {

    /** Nobody to ask: a run without --yes is refused. */
    Confirmation NOBODY = new Confirmation() {
        @Override
        public boolean personPresent() {
            return false;
        }

        @Override
        public boolean confirm(Outcome.Pending plan, String question) {
            return false;
        }
    };

    boolean personPresent();

    /** Shows the plan as the person reads it, asks the question, and says whether they agreed. */
    boolean confirm(Outcome.Pending plan, String question);
}
