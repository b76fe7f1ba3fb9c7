package io.github.ecrsweep.report;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reading the stable words of the reports (commands, stages, statuses, skip reasons) back from their codes. */
final class Words {

    private Words() {}

    /** The constant whose code is {@code code}; anything else is refused, naming the words allowed. */
    static <E extends Enum<E>> E of(E[] values, Function<E, String> code, String text, String what) {
        for (E value : values) {
            if (code.apply(value).equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + Text.safe(String.valueOf(text)) + "' is not a " + what + " ("
                + Arrays.stream(values).map(code).collect(Collectors.joining(", ")) + ")");
    }
}
