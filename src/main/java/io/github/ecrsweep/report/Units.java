package io.github.ecrsweep.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
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
     * it: cut to the minute from the text itself when it has the usual form, parsed otherwise.
     */
    public static String time(String iso) {
        if (iso == null) {
            return "-";
        }
        if (isUtcToTheMinute(iso)) {
            return iso.substring(0, 10) + ' ' + iso.substring(11, 16) + 'Z';
        }
        return time(Instant.parse(iso));
    }

    /**
     * {@code yyyy-MM-ddTHH:mm}, then {@code Z}, or {@code :ss} and an optional fraction of up to nine digits and
     * {@code Z}, every field in its range and the day in its month: what can be cut at the minute as it stands.
     * Anything else (a leap second, a year past 9999, text that is no time) goes to {@link Instant#parse}.
     */
    private static boolean isUtcToTheMinute(String iso) {
        int n = iso.length();
        if (n < 17 || iso.charAt(n - 1) != 'Z' || !pattern(iso, 0, "dddd-dd-ddTdd:dd")) {
            return false;
        }
        if (n > 17) {
            if (n < 20 || !pattern(iso, 16, ":dd") || number(iso, 17, 2) > 59) {
                return false;
            }
            if (n > 20) {
                int digits = n - 21;
                if (iso.charAt(19) != '.' || digits < 1 || digits > 9 || !pattern(iso, 20, "d".repeat(digits))) {
                    return false;
                }
            }
        }
        int year = number(iso, 0, 4);
        int month = number(iso, 5, 2);
        int day = number(iso, 8, 2);
        return month >= 1
                && month <= 12
                && day >= 1
                && day <= YearMonth.of(year, month).lengthOfMonth()
                && number(iso, 11, 2) <= 23
                && number(iso, 14, 2) <= 59;
    }

    /** Whether {@code s} from {@code at} reads as {@code shape}: {@code d} a digit, anything else itself. */
    private static boolean pattern(String s, int at, String shape) {
        if (s.length() < at + shape.length()) {
            return false;
        }
        for (int i = 0; i < shape.length(); i++) {
            char c = s.charAt(at + i);
            char want = shape.charAt(i);
            if (want == 'd' ? c < '0' || c > '9' : c != want) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number of {@code length} digits at {@code at}, already known to be digits. */
    private static int number(String s, int at, int length) {
        int v = 0;
        for (int i = at; i < at + length; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
