package io.github.ecrsweep.app;

/** What a run tells the person or the job log besides its report: warnings and per-repository errors. */
public interface Diagnostics {

    Diagnostics NONE = new Diagnostics() {
        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {}
    };

    /** Something the user should know; the run goes on. */
    void warn(String message);

    /** Something that failed, in one line. */
    void error(String message);

    /** An answer the user asked for besides the report ({@code --why}); nothing went wrong. */
    default void note(String message) {}
}
