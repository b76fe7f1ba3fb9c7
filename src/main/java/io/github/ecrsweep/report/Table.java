package io.github.ecrsweep.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table: a header and rows, columns separated by two spaces; cells are made safe to print. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    public Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = Text.safe(cells[i]);
        }
        rows.add(safe);
        return this;
    }

    public int size() {
        return rows.size() - 1;
    }

    /** The same rows as a Markdown table. */
    public void printMarkdown(PrintWriter out) {
        Markdown.table(
                out,
                List.of(rows.get(0)),
                rows.subList(1, rows.size()).stream().map(List::of).toList());
    }

    public void print(PrintWriter out) {
        print(out, 0, null);
    }

    /** The narrowest a shrunk column becomes, ellipsis included. */
    private static final int MIN_SHRUNK = 10;

    /**
     * Prints the table within {@code maxWidth} characters when it can (0: no limit), by cutting the cells
     * of the {@code shrinkable} column (a header name, or null for none) with an ellipsis.
     */
    public void print(PrintWriter out, int maxWidth, String shrinkable) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        int shrink = shrinkable == null ? -1 : List.of(rows.get(0)).indexOf(shrinkable);
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        total -= 2;
        if (maxWidth > 0 && shrink >= 0 && total > maxWidth) {
            width[shrink] = Math.max(Math.min(MIN_SHRUNK, width[shrink]), width[shrink] - (total - maxWidth));
        }
        // One write for the whole table: a line at a time, an autoflushing writer makes a system call per line.
        StringBuilder table = new StringBuilder();
        String newline = System.lineSeparator();
        StringBuilder line = new StringBuilder();
        for (String[] r : rows) {
            line.setLength(0);
            for (int c = 0; c < columns; c++) {
                String cell = r[c].length() <= width[c] ? r[c] : r[c].substring(0, Math.max(0, width[c] - 3)) + "...";
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            int end = line.length();
            while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
                end--;
            }
            table.append(line, 0, end).append(newline);
        }
        out.print(table);
    }
}
