package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Cancellation;
import io.github.ecrsweep.report.ExitCode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SIGINT and SIGTERM while a command changes things: instead of dying mid-batch, the command finishes
 * the call in flight, attempts nothing more, reports what was and was not done, and exits 130 (INT)
 * or 143 (TERM). A second signal ends the process at once.
 *
 * <p>The JDK's only signal API, {@code sun.misc.Signal} in the {@code jdk.unsupported} module, is reached
 * by reflection: linked directly, it draws a warning from javac that no annotation silences (the build
 * treats warnings as errors), and a runtime made without that module would fail to load this class. Where
 * the API is missing, no signal is ever reported and the JVM's default handling stays.
 */
final class Interruption implements Cancellation, AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private static final SignalApi API = SignalApi.find();

    private final AtomicReference<String> received = new AtomicReference<>();
    private final List<Object> installed = new ArrayList<>();
    private final List<Object> previous = new ArrayList<>();

    private Interruption() {}

    /** Installs the handlers; where signals cannot be handled (some platforms), it just never reports one. */
    static Interruption install() {
        Interruption i = new Interruption();
        if (API == null) {
            return i;
        }
        for (String name : SIGNALS) {
            try {
                Object signal = API.signal(name);
                Object old = API.handle(signal, API.handler((signalName, number) -> {
                    if (!i.received.compareAndSet(null, signalName)) {
                        SafeFiles.abandon();
                        Runtime.getRuntime().halt(128 + number);
                    }
                }));
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
            API.handle(installed.get(k), previous.get(k));
        }
    }

    /** What to do when a signal arrives: its name without "SIG" and its number. */
    @FunctionalInterface
    interface Listener {
        void received(String name, int number);
    }

    /** {@code sun.misc.Signal} and {@code sun.misc.SignalHandler}, looked up once. */
    private record SignalApi(Class<?> handlerType, Constructor<?> create, Method handle, Method name, Method number) {

        static SignalApi find() {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handler = Class.forName("sun.misc.SignalHandler");
                return new SignalApi(
                        handler,
                        signal.getConstructor(String.class),
                        signal.getMethod("handle", signal, handler),
                        signal.getMethod("getName"),
                        signal.getMethod("getNumber"));
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }

        /** The signal of this name; IllegalArgumentException where the platform has none. */
        Object signal(String name) {
            return call(() -> create.newInstance(name));
        }

        /** Installs {@code handler} for {@code signal} and returns the handler it replaces. */
        Object handle(Object signal, Object handler) {
            return call(() -> handle.invoke(null, signal, handler));
        }

        /** A SignalHandler that tells {@code listener}. */
        Object handler(Listener listener) {
            InvocationHandler dispatch = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    listener.received((String) name.invoke(args[0]), (Integer) number.invoke(args[0]));
                    yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "ecrsweep interruption handler";
                default -> throw new UnsupportedOperationException(method.getName());
            };
            return Proxy.newProxyInstance(Interruption.class.getClassLoader(), new Class<?>[] {handlerType}, dispatch);
        }

        private interface Call {
            Object run() throws ReflectiveOperationException;
        }

        private static Object call(Call call) {
            try {
                return call.run();
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
