package io.github.ecrsweep.report;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * RFC 4180 rows: fields with commas, quotes or line breaks are quoted, quotes doubled. Text is made safe
 * to print, and a cell a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @} first)
 * is prefixed with {@code '} so that it stays text.
 */
public final class Csv {

    private Csv() {}

    /** A column: its header, and its value in a row. */
    public record Column<T>(String name, Function<T, String> value) {}

    /** The header, then one line per row: both from the same columns. */
    public static <T> void write(PrintWriter out, List<Column<T>> columns, List<T> rows) {
        // One write for the whole document: a line at a time, an autoflushing writer makes a system call per line.
        String newline = System.lineSeparator();
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", columns.stream().map(Column::name).toList()))
                .append(newline);
        for (T row : rows) {
            csv.append(row(columns.stream().map(c -> c.value().apply(row)).toArray(String[]::new)))
                    .append(newline);
        }
        out.print(csv);
    }

    public static String row(String... fields) {
        return Arrays.stream(fields).map(Csv::field).collect(Collectors.joining(","));
    }

    /** A value as a field's text: empty for none. */
    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    public static String field(String value) {
        if (value == null) {
            return "";
        }
        String text = Text.safe(value);
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
            text = "'" + text;
        }
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** The records of CSV text, each without its line break; a line break inside quotes stays in its record. */
    static List<String> records(String csv) {
        List<String> records = new java.util.ArrayList<>();
        StringBuilder record = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                records.add(record.toString());
                record.setLength(0);
                continue;
            }
            record.append(c);
        }
        if (!record.isEmpty()) {
            records.add(record.toString());
        }
        return records;
    }

    private static boolean isNumber(String text) {
        return text.matches("[-+]?[0-9]+(\\.[0-9]+)?");
    }
}
