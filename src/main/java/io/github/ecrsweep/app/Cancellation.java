package io.github.ecrsweep.app;

import io.github.ecrsweep.report.ExitCode;

/** Whether the user asked the run to stop: executors finish the call in flight and send nothing more. */
public interface Cancellation {

    Cancellation NEVER = new Cancellation() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public String cause() {
            return "nothing";
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.FAILED;
        }
    };

    /** A cancellation requested when {@code requested} says so, for runs inside another program. */
    static Cancellation when(java.util.function.BooleanSupplier requested) {
        return new Cancellation() {
            @Override
            public boolean requested() {
                return requested.getAsBoolean();
            }

            @Override
            public String cause() {
                return "a request to stop";
            }

            @Override
            public ExitCode exitCode() {
                return ExitCode.FAILED;
            }
        };
    }

    boolean requested();

    /** What stopped the run, for the report: {@code SIGTERM}. */
    String cause();

    /** The exit code a run stopped this way ends with: 130 for SIGINT, 143 for SIGTERM, as shells expect. */
    ExitCode exitCode();
}
