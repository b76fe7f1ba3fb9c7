package io.github.ecrsweep.registry.snapshot;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;

/**
 * The ISO-8601 times registry exports hold ({@code 2026-05-04T06:00:00Z}, {@code 2026-05-04T06:00:00.123+02:00}),
 * read by hand: a 100,000-image export holds a few hundred thousand, and {@code OffsetDateTime.parse} costs
 * more than the rest of reading an image. Anything else, valid or not, is left to the JDK's parsers.
 */
public final class Timestamps {

    private Timestamps() {}

    /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}, or null when the text has another form. */
    public static Instant parse(String s) {
        return parse(s.toCharArray(), 0, s.length());
    }

    /**
     * The same, read from {@code n} characters of {@code c} at {@code o}: a JSON reader's buffer, so that a
     * snapshot's times are read without a string each.
     */
    public static Instant parse(char[] c, int o, int n) {
        if (n < 20 || c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':') {
            return null;
        }
        int year = digits(c, o, 0, 4);
        int month = digits(c, o, 5, 7);
        int day = digits(c, o, 8, 10);
        int hour = digits(c, o, 11, 13);
        int minute = digits(c, o, 14, 16);
        int second = digits(c, o, 17, 19);
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int at = 19;
        long nanos = 0;
        if (c[o + at] == '.') {
            int start = ++at;
            while (at < n && c[o + at] >= '0' && c[o + at] <= '9') {
                at++;
            }
            int length = at - start;
            if (length == 0 || length > 9) {
                return null;
            }
            nanos = digits(c, o, start, at);
            for (int k = length; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (at == n - 1 && c[o + at] == 'Z') {
            offsetSeconds = 0;
        } else if (at == n - 6 && (c[o + at] == '+' || c[o + at] == '-') && c[o + at + 3] == ':') {
            int h = digits(c, o, at + 1, at + 3);
            int m = digits(c, o, at + 4, at + 6);
            if (h < 0 || h > 18 || m < 0 || m > 59 || h == 18 && m > 0) {
                return null;
            }
            offsetSeconds = (c[o + at] == '-' ? -1 : 1) * (h * 3600 + m * 60);
        } else {
            return null;
        }
        long seconds;
        try {
            // The JDK's own count of a date's seconds, by arithmetic: no LocalDate made for each of a snapshot's times.
            seconds = IsoChronology.INSTANCE.epochSecond(year, month, day, hour, minute, second, ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // not a date: the JDK's parser says why
        }
        return Instant.ofEpochSecond(seconds - offsetSeconds, nanos);
    }

    /** The non-negative number the ASCII digits at {@code o + from} to {@code o + to} spell, or -1 when one is not a digit. */
    private static int digits(char[] c, int o, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char d = c[o + i];
            if (d < '0' || d > '9') {
                return -1;
            }
            value = value * 10 + (d - '0');
        }
        return value;
    }
}
