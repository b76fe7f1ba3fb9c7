package io.github.ecrsweep.report;

import io.github.ecrsweep.registry.snapshot.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How sizes, money and times are shown to people. */
public final class Units {

    /** ECR storage, per GiB-month (AWS bills storage in binary gigabytes). */
    public static final double USD_PER_GIB_MONTH = 0.10;

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    private Units() {}

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        // As String.format's "%.0f" / "%.1f" round (half up, on the value's shortest decimal form), without a
        // Formatter per call: a 13,400-row table spent a seventh of its time parsing the format.
        return BigDecimal.valueOf(v)
                        .setScale(v >= 100 ? 0 : 1, RoundingMode.HALF_UP)
                        .toPlainString() + " " + units[u];
    }

    public static double monthlyUsd(long bytes) {
        return bytes / GIB * USD_PER_GIB_MONTH;
    }

    public static String usd(double amount) {
        return String.format(Locale.ROOT, "$%.2f", amount);
    }

    /** {@code 1 image}, {@code 2 images}. */
    public static String count(long n, String singular) {
        return count(n, singular, singular + "s");
    }

    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** An image's tags in a table: comma-separated, or {@code -} for none. */
    public static String tags(List<String> tags) {
        return tags.isEmpty() ? "-" : String.join(",", tags);
    }

    public static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    /**
     * A time of a report record (ISO-8601 as {@link Instant#toString()} writes it) as {@link #time(Instant)} shows
     * it: cut to the minute from the text itself once {@link Timestamps} has read it as a UTC time, parsed by the
     * JDK otherwise (so that what it refuses is still refused).
     */
    public static String time(String iso) {
        if (iso == null) {
            return "-";
        }
        // a time written to the minute ("...T12:34Z") reads as that minute's first second
        String full = iso.length() == 17 && iso.charAt(16) == 'Z' ? iso.substring(0, 16) + ":00Z" : iso;
        if (full.endsWith("Z") && Timestamps.parse(full) != null) {
            return full.substring(0, 10) + ' ' + full.substring(11, 16) + 'Z';
        }
        return time(Instant.parse(full));
    }

    /** A time as {@link #time} writes it, read as its date alone ({@code 2026-07-23}): for narrow tables. */
    public static String date(String time) {
        return time != null && time.length() > 10 && time.charAt(4) == '-' ? time.substring(0, 10) : time;
    }
}
