package io.github.ecrsweep.registry.aws;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.slf4j.LoggerFactory;

/**
 * The TLS set-up every SDK client makes when it is built (the JDK's TLS provider and its trusted certificates, tens
 * of milliseconds), started on another core while the command line is still being read, so that it is off the main
 * thread's path. The JDK keeps the trusted certificates once loaded; the client's own set-up then finds them ready.
 */
public final class Tls {

    private Tls() {}

    /** Starts the set-up on a daemon thread; a failure there is left to the client, which reports it. */
    public static void warmUp() {
        Thread t = new Thread(
                () -> {
                    try {
                        SSLContext.getInstance("TLS").init(null, null, null);
                    } catch (GeneralSecurityException | RuntimeException e) {
                        LoggerFactory.getLogger(Tls.class).debug("TLS warm-up: {}", e.toString());
                    }
                },
                "ecrsweep-tls-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
