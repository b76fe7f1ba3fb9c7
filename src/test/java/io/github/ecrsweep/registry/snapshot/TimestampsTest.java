package io.github.ecrsweep.registry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-read times: the same instant as the JDK's parser wherever they read one, and none it rejects. */
class TimestampsTest {

    private static Instant jdk(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void theFormsOfExportsReadAsTheJdkReadsThem() {
        for (String s : new String[] {
            "2026-05-04T06:00:00Z",
            "2026-05-04T06:00:00.1Z",
            "2026-05-04T06:00:00.123456789Z",
            "2026-05-04T06:00:00.000000+00:00",
            "2024-02-29T23:59:59-07:30",
            "2026-12-31T00:00:00+18:00",
            "1999-01-01T00:00:00-18:00"
        }) {
            assertThat(Timestamps.parse(s)).as(s).isNotNull().isEqualTo(jdk(s));
        }
    }

    @Test
    void whatIsNotATimeIsLeftToTheJdk() {
        for (String s : new String[] {
            "2026-02-30T06:00:00Z",
            "2025-02-29T06:00:00Z",
            "2026-13-01T06:00:00Z",
            "2026-05-04T24:00:00Z",
            "2026-05-04T06:60:00Z",
            "2026-05-04T06:00:60Z",
            "2026-05-04T06:00:00+19:00",
            "2026-05-04T06:00:00.Z",
            "2026-05-04T06:00:00.1234567890Z",
            "2026-05-04 06:00:00Z",
            "2026-05-04T06:00:00",
            "2026-05-04T06:00Z",
            "+2026-05-04T06:00:00Z"
        }) {
            assertThat(Timestamps.parse(s)).as(s).isNull();
        }
    }

    @Test
    void everyDateOfTenThousandYearsCountsItsDaysAsTheJdkDoes() {
        // Leap years, centuries that are not (1900, 2100) and those that are (2000), year 0, the months' lengths.
        for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
            Instant read = Timestamps.parse(d + "T00:00:00Z");
            Instant counted = Instant.ofEpochSecond(d.toEpochDay() * 86_400);
            if (!counted.equals(read)) {
                assertThat(read).as(d.toString()).isEqualTo(counted);
            }
        }
        assertThat(Timestamps.parse("1900-02-29T00:00:00Z")).isNull();
        assertThat(Timestamps.parse("2000-02-29T00:00:00Z")).isEqualTo(Instant.parse("2000-02-29T00:00:00Z"));
        assertThat(Timestamps.parse("2026-04-31T00:00:00Z")).isNull();
        assertThat(Timestamps.parse("2026-00-10T00:00:00Z")).isNull();
        assertThat(Timestamps.parse("2026-12-00T00:00:00Z")).isNull();
        assertThat(Timestamps.parse("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void generatedTimesAgreeWithTheJdk() {
        SplittableRandom random = new SplittableRandom(11);
        String chars = "0123456789-:T.Z+ ";
        int agreed = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder(String.format(
                    "%04d-%02d-%02dT%02d:%02d:%02d",
                    random.nextInt(4) == 0 ? random.nextInt(0, 10_000) : random.nextInt(1990, 2100),
                    random.nextInt(0, 14),
                    random.nextInt(0, 33),
                    random.nextInt(0, 26),
                    random.nextInt(0, 62),
                    random.nextInt(0, 62)));
            if (random.nextBoolean()) {
                s.append('.').append(random.nextInt(0, 1_000_000));
            }
            s.append(
                    random.nextInt(3) == 0
                            ? "Z"
                            : String.format(
                                    "%s%02d:%02d",
                                    random.nextBoolean() ? "+" : "-", random.nextInt(0, 20), random.nextInt(0, 61)));
            if (random.nextInt(10) == 0) {
                s.setCharAt(random.nextInt(s.length()), chars.charAt(random.nextInt(chars.length())));
            }
            String text = s.toString();
            Instant fast = Timestamps.parse(text);
            // Read from a buffer too, at an offset, between other characters.
            int offset = random.nextInt(4);
            char[] buffer = ("0".repeat(offset) + text + "0:00").toCharArray();
            assertThat(Timestamps.parse(buffer, offset, text.length()))
                    .as(text + " in a buffer")
                    .isEqualTo(fast);
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(jdk(text));
                agreed++;
            }
        }
        assertThat(agreed).as("most generated times take the fast path").isGreaterThan(20_000);
    }
}
