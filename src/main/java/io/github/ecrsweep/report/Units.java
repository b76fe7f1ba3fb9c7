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
        if (t == null) {
            return "-";
        }
        // The minute cut from the ISO text where the two agree (years 1 to 9999): a table has a time per row.
        String iso = iso(t);
        return iso.length() >= 20 && iso.charAt(4) == '-' && !iso.startsWith("0000") ? minute(iso) : TIME.format(t);
    }

    /**
     * The text {@link Instant#toString()} writes ({@code 2026-05-04T06:00:00Z}, with 3, 6 or 9 digits of fraction
     * when there is one), written by hand for the years 0 to 9999: a report has a record per image, and the JDK's
     * formatter costs more than the rest of one. Other years are left to the JDK.
     */
    public static String iso(Instant t) {
        long seconds = t.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = Math.floorMod(seconds, 86_400);
        if (day < MIN_DAY || day > MAX_DAY) {
            return t.toString();
        }
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        int nanos = t.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
        char[] c = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
        digits(c, 0, date.getYear(), 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        if (fraction > 0) {
            c[19] = '.';
            digits(c, 20, nanos / (fraction == 3 ? 1_000_000 : fraction == 6 ? 1000 : 1), fraction);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static final long MIN_DAY = java.time.LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_DAY = java.time.LocalDate.of(9999, 12, 31).toEpochDay();

    /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
            return minute(full);
        }
        return time(Instant.parse(full));
    }

    /** The minute of a UTC time written {@code yyyy-MM-ddTHH:mm:ss...Z}, as tables show it. */
    private static String minute(String iso) {
        return iso.substring(0, 10) + ' ' + iso.substring(11, 16) + 'Z';
    }

    /** A time as {@link #time} writes it, read as its date alone ({@code 2026-07-23}): for narrow tables. */
    public static String date(String time) {
        return time != null && time.length() > 10 && time.charAt(4) == '-' ? time.substring(0, 10) : time;
    }
}
