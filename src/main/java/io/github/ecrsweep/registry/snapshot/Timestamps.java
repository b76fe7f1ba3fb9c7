package io.github.ecrsweep.registry.snapshot;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The ISO-8601 times registry exports hold ({@code 2026-05-04T06:00:00Z}, {@code 2026-05-04T06:00:00.123+02:00}),
 * read by hand: a 100,000-image export holds a few hundred thousand, and {@code OffsetDateTime.parse} costs
 * more than the rest of reading an image. Anything else, valid or not, is left to the JDK's parsers.
 */
public final class Timestamps {

    private Timestamps() {}

    /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}, or null when the text has another form. */
    public static Instant parse(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
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
        if (s.charAt(at) == '.') {
            int start = ++at;
            while (at < n && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                at++;
            }
            int length = at - start;
            if (length == 0 || length > 9) {
                return null;
            }
            nanos = digits(s, start, at);
            for (int k = length; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (at == n - 1 && s.charAt(at) == 'Z') {
            offsetSeconds = 0;
        } else if (at == n - 6 && (s.charAt(at) == '+' || s.charAt(at) == '-') && s.charAt(at + 3) == ':') {
            int h = digits(s, at + 1, at + 3);
            int m = digits(s, at + 4, at + 6);
            if (h < 0 || h > 18 || m < 0 || m > 59 || h == 18 && m > 0) {
                return null;
            }
            offsetSeconds = (s.charAt(at) == '-' ? -1 : 1) * (h * 3600 + m * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // not a date: the JDK's parser says why
        }
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The non-negative number the ASCII digits spell, or -1 when one is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
