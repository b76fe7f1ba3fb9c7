package io.github.ecrsweep.registry.snapshot;

import java.time.Instant;

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
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return null; // not a date: the JDK's parser says why
        }
        long seconds = epochDay(year, month, day) * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /**
     * Days since 1970-01-01 of a valid date of the proleptic Gregorian calendar, a year from 0 on, by arithmetic over
     * 400-year eras with March as the first month (Howard Hinnant's days_from_civil): no {@code LocalDate} made for
     * each of a snapshot's times.
     */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
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
