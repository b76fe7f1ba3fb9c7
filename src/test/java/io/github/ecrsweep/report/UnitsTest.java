package io.github.ecrsweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sizes and times as people read them: the same text as the formatters they replace, for any value. */
class UnitsTest {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    /** What Units.bytes wrote with String.format, kept here as the reference. */
    private static String formatted(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, UNITS[u]);
    }

    @Test
    void bytesAreRoundedAsStringFormatRoundsThem() {
        assertThat(Units.bytes(0)).isEqualTo("0 B");
        assertThat(Units.bytes(1023)).isEqualTo("1023 B");
        assertThat(Units.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(100 * 1024)).isEqualTo("100 KiB");
        assertThat(Units.bytes(Long.MAX_VALUE)).isEqualTo(formatted(Long.MAX_VALUE));
        SplittableRandom random = new SplittableRandom(0x5EED_0B17L);
        for (int i = 0; i < 200_000; i++) {
            // every magnitude, and the values just around each rounding boundary
            long bytes = i % 2 == 0
                    ? random.nextLong(1L << random.nextInt(1, 63))
                    : Math.round((random.nextInt(1, 10_240) + 0.5) / 10.0 * (1L << (10 * random.nextInt(1, 6))))
                            + random.nextInt(-2, 3);
            assertThat(Units.bytes(Math.max(0, bytes))).as("%d bytes", bytes).isEqualTo(formatted(Math.max(0, bytes)));
        }
    }

    @Test
    void recordTimesAreCutToTheMinuteAsTheInstantsAre() {
        assertThat(Units.time("2026-06-15T12:34:56Z")).isEqualTo("2026-06-15 12:34Z");
        assertThat(Units.time("2026-06-15T12:34:56.789Z")).isEqualTo("2026-06-15 12:34Z");
        assertThat(Units.time("2026-06-15T12:34Z")).isEqualTo("2026-06-15 12:34Z");
        assertThat(Units.time((String) null)).isEqualTo("-");
        SplittableRandom random = new SplittableRandom(0x5EED_71AEL);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(
                    random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    i % 3 == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(Units.time(t.toString())).as(t.toString()).isEqualTo(Units.time(t));
        }
    }

    @Test
    void otherFormsAreParsedAndWhatIsNoTimeIsRefused() {
        Instant far = Instant.parse("+12026-01-01T00:00:00Z");
        assertThat(Units.time(far.toString())).isEqualTo(Units.time(far));
        // the end of a day and a leap second, as Instant.parse reads them
        assertThat(Units.time("2026-06-15T24:00:00Z")).isEqualTo("2026-06-16 00:00Z");
        assertThat(Units.time("2016-12-31T23:59:60Z")).isEqualTo("2016-12-31 23:59Z");
        assertThatThrownBy(() -> Units.time("2026-06-15 12:34:56Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Units.time("2026-06-15T12:34:56+02:00x")).isInstanceOf(DateTimeParseException.class);
        for (String wrong : new String[] {
            "2026-02-30T12:00:00Z",
            "2026-13-01T00:00Z",
            "2026-00-10T00:00Z",
            "2026-06-15T24:01:00Z",
            "2026-06-15T12:60:00Z",
            "2026-06-15T12:34:61Z",
            "2026-06-15T12:34:5Z",
            "2026-06-15T12:34:56.1234567890Z"
        }) {
            assertThatThrownBy(() -> Units.time(wrong)).as(wrong).isInstanceOf(DateTimeParseException.class);
        }
    }

    /** Any text, valid or one character off: shown as Instant.parse reads it, or refused as it refuses it. */
    @Test
    void alteredTimesAreShownOrRefusedAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(0x5EED_A17EL);
        String alphabet = "0123456789:.-TZ+ ";
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(
                    random.nextLong(0, 253_402_300_799L), i % 2 == 0 ? 0 : random.nextInt(1_000_000_000));
            StringBuilder text = new StringBuilder(t.toString());
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> text.deleteCharAt(at);
                default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String altered = text.toString();
            String expected;
            try {
                expected = Units.time(Instant.parse(altered));
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> Units.time(altered)).as(altered).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(Units.time(altered)).as(altered).isEqualTo(expected);
        }
    }

    /** What Units.time(Instant) wrote with a formatter, kept here as the reference. */
    private static final java.time.format.DateTimeFormatter MINUTE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(java.time.ZoneOffset.UTC);

    /**
     * Record times: the text Instant.toString writes, and the minute tables show, for seeded instants of every
     * year they write and around.
     */
    @Test
    void recordTimesAreWrittenAsInstantWritesThem() {
        SplittableRandom random = new SplittableRandom(13);
        long earliest = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long latest = Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond();
        int[] nanos = {0, 1, 999_999_999, 1_000_000, 500_000_000, 123_000, 120_000_000, 100};
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextInt(4) == 0
                    ? random.nextLong(earliest, latest)
                    : random.nextLong(946_684_800L, 4_102_444_800L); // 2000 to 2100
            int nano = random.nextBoolean() ? nanos[random.nextInt(nanos.length)] : random.nextInt(1_000_000_000);
            Instant t = Instant.ofEpochSecond(seconds, nano);
            assertThat(Units.iso(t)).isEqualTo(t.toString());
            assertThat(Units.time(t)).as(t.toString()).isEqualTo(MINUTE.format(t));
        }
        for (String edge : new String[] {
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z"
        }) {
            assertThat(Units.iso(Instant.parse(edge)))
                    .isEqualTo(Instant.parse(edge).toString());
        }
    }
}
