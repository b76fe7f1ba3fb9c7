package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.rules.Ages;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Ages as users write them: {@code 14d}, {@code 36h}, {@code 90m}, {@code 2w}; {@code 0} for none. */
final class Durations implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        java.util.Optional<Duration> age = Ages.parse(value);
        if (age.isEmpty()) {
            throw new TypeConversionException("'" + Text.safe(value) + "' is not a duration; use " + Ages.FORMS);
        }
        return age.get();
    }

    /** The short form back, for messages. */
    static String format(Duration d) {
        return Ages.format(d);
    }
}
