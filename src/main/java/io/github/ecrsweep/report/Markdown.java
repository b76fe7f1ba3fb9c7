package io.github.ecrsweep.report;

import java.io.PrintWriter;
import java.util.List;

/** Markdown for a CI job's summary ($GITHUB_STEP_SUMMARY) and merge-request comments: tables and escaped text. */
public final class Markdown {

    private Markdown() {}

    /** A table: a header row, its separator, then the rows, every cell escaped. */
    public static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        out.println(
                "| " + String.join(" | ", header.stream().map(Markdown::text).toList()) + " |");
        out.println("|" + "---|".repeat(header.size()));
        for (List<String> row : rows) {
            out.println(
                    "| " + String.join(" | ", row.stream().map(Markdown::text).toList()) + " |");
        }
    }

    /** Text in a table or a paragraph: safe to print, and no character that would start markup or end a cell. */
    public static String text(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : Text.safe(s).toCharArray()) {
            if ("\\`*_[]<>|".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Text inside backticks: safe to print, with no backtick to end the span early. */
    public static String code(String s) {
        return "`" + Text.safe(s).replace("`", "'") + "`";
    }
}
