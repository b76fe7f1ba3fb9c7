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
        Markdown.table(out, List.of(rows.get(0)), rows.subList(1, rows.size()).stream().map(List::of).toList());
    }

    public void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(r[c]);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - r[c].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
