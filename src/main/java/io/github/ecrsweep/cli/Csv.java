package io.github.ecrsweep.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/** RFC 4180 rows: fields with commas, quotes or line breaks are quoted, quotes doubled. */
final class Csv {

    private Csv() {
    }

    static String row(String... fields) {
        return Arrays.stream(fields).map(Csv::field).collect(Collectors.joining(","));
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
