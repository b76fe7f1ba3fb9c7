package io.github.ecrsweep.rules;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages as users write them, on the command line and in rule files: {@code 14d}, {@code 36h}, {@code 90m}, {@code 2w}; {@code 0} for none. */
public final class Ages {

    /** What a message says a well-formed age looks like. */
    public static final String FORMS = "a number and a unit: 14d, 36h, 90m or 2w (or 0 for none)";

    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})([wdhm])");

    private Ages() {}

    /** The age, or empty when the text is not one. */
    public static Optional<Duration> parse(String value) {
        String text = value.trim();
        if ("0".equals(text)) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "w":
                return Optional.of(Duration.ofDays(n * 7));
            case "d":
                return Optional.of(Duration.ofDays(n));
            case "h":
                return Optional.of(Duration.ofHours(n));
            default:
                return Optional.of(Duration.ofMinutes(n));
        }
    }

    /** The short form back, for messages. */
    public static String format(Duration d) {
        if (d.toMinutes() % (24 * 60) == 0) {
            return d.toDays() + "d";
        }
        return d.toMinutes() % 60 == 0 ? d.toHours() + "h" : d.toMinutes() + "m";
    }
}
