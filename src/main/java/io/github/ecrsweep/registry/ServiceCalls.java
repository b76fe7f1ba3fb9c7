package io.github.ecrsweep.registry;

/**
 * Whether this process has made a service call yet: an automatically sized fleet starts its full set of workers
 * once the run talks to a service (the repositories listed), and fewer for work on a snapshot, which is the
 * processor's. How many of those workers call at once is each operation's window, not this.
 */
public final class ServiceCalls {

    private static volatile boolean made;

    private ServiceCalls() {}

    /** A call was answered or failed. */
    public static void made() {
        made = true;
    }

    /** Whether any call was made. */
    public static boolean any() {
        return made;
    }
}
