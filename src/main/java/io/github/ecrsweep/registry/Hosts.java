package io.github.ecrsweep.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a host name or address says about where it is, without asking DNS. */
public final class Hosts {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private Hosts() {}

    /**
     * Whether the host is this machine, by name or address: the one place plain HTTP may carry credentials (an
     * emulator, a proxy on this machine).
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost")
                || h.endsWith(".localhost")
                || IPV4_LOOPBACK.matcher(h).matches()
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
