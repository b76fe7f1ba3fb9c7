package io.github.ecrsweep.e2e;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a main class with every connection and name lookup checked: one to a host other than this
 * machine is recorded and makes the process exit 3. Java 17's security manager is the only hook that
 * sees every connection, the SDK's included, before it is made.
 */
public final class LoopbackOnly {

    private LoopbackOnly() {}

    @SuppressWarnings("removal")
    public static void main(String[] args) throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkConnect(String host, int port) {
                String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
                if (!(h.equals("localhost")
                        || h.startsWith("127.")
                        || h.equals("::1")
                        || h.equals("0:0:0:0:0:0:0:1"))) {
                    attempts.add(host + ":" + port);
                }
            }

            @Override
            public void checkConnect(String host, int port, Object context) {
                checkConnect(host, port);
            }

            @Override
            public void checkPermission(java.security.Permission perm) {
                // everything else is allowed: only connections are watched
            }
        });
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) new String[0]);
        System.setSecurityManager(null);
        if (!attempts.isEmpty()) {
            System.out.println("connections beyond loopback: " + attempts);
            System.exit(3);
        }
        System.out.println("loopback only");
        System.exit(0);
    }
}
