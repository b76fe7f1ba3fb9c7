package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.Text;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Ages as users write them: {@code 14d}, {@code 36h}, {@code 90m}, {@code 2w}; {@code 0} for none. */
final class Durations implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})([wdhm])");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        if ("0".equals(value.trim())) {
            return Duration.ZERO;
        }
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + Text.safe(value)
                    + "' is not a duration; use a number and a unit: 14d, 36h," + " 90m or 2w (or 0 for none)");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "w":
                return Duration.ofDays(n * 7);
            case "d":
                return Duration.ofDays(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofMinutes(n);
        }
    }

    /** The short form back, for messages. */
    static String format(Duration d) {
        if (d.toMinutes() % (24 * 60) == 0) {
            return d.toDays() + "d";
        }
        return d.toMinutes() % 60 == 0 ? d.toHours() + "h" : d.toMinutes() + "m";
    }
}
