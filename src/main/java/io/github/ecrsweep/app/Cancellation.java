package io.github.ecrsweep.app;

/** Whether the user asked the run to stop: executors finish the call in flight and send nothing more. */
@FunctionalInterface
public interface Cancellation {

    Cancellation NEVER = () -> false;

    boolean requested();
}
