package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Cancellation;
import io.github.ecrsweep.app.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM while a command changes things: instead of dying mid-batch, the command finishes
 * the call in flight, attempts nothing more, reports what was and was not done, and exits 130 (INT)
 * or 143 (TERM). A second signal ends the process at once.
 */
final class Interruption implements Cancellation, AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final AtomicReference<String> received = new AtomicReference<>();
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interruption() {
    }

    /** Installs the handlers; where signals cannot be handled (some platforms), it just never reports one. */
    static Interruption install() {
        Interruption i = new Interruption();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, s -> {
                    if (!i.received.compareAndSet(null, s.getName())) {
                        Runtime.getRuntime().halt(128 + s.getNumber());
                    }
                });
                i.installed.add(signal);
                i.previous.add(old);
            } catch (IllegalArgumentException e) {
                // not available here
            }
        }
        return i;
    }

    /** An interruption that never comes, for commands run in-process. */
    static Interruption none() {
        return new Interruption();
    }

    @Override
    public boolean requested() {
        return received.get() != null;
    }

    @Override
    public String cause() {
        return "SIG" + received.get();
    }

    @Override
    public ExitCode exitCode() {
        return "INT".equals(received.get()) ? ExitCode.INTERRUPTED : ExitCode.TERMINATED;
    }

    @Override
    public void close() {
        for (int k = 0; k < installed.size(); k++) {
            Signal.handle(installed.get(k), previous.get(k));
        }
    }
}
