package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.Text;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A whole number of at least 0: a count to keep, a brake. */
final class NonNegative implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new TypeConversionException("'" + Text.safe(value) + "' is not a whole number of at least 0");
    }
}
