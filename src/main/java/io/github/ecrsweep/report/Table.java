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

    /** The narrowest a wrapped column becomes. */
    private static final int MIN_WRAPPED = 8;

    private final java.util.Map<Integer, java.util.function.UnaryOperator<String>> shorter = new java.util.HashMap<>();
    private final List<String> droppable = new ArrayList<>();

    /** How the cells of a column read shorter when the table must fit (a time as its date); first of the steps. */
    public Table shorten(String header, java.util.function.UnaryOperator<String> how) {
        int c = List.of(rows.get(0)).indexOf(header);
        if (c >= 0) {
            shorter.put(c, how);
        }
        return this;
    }

    /** The columns a table too wide leaves out, the least useful first, after shortening and shrinking. */
    public Table droppable(String... headers) {
        droppable.addAll(List.of(headers));
        return this;
    }

    /**
     * Prints the table within {@code maxWidth} characters (0: no limit), in as many steps as it takes: the
     * shortened cells; the {@code shrinkable} column (a header name, or null for none) cut with an ellipsis; the
     * droppable columns left out, in their order; the widest columns wrapped onto more lines; and, should even
     * that not do, each line cut at the width.
     */
    public void print(PrintWriter out, int maxWidth, String shrinkable) {
        List<String[]> cells = rows;
        List<Integer> shown = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            shown.add(c);
        }
        if (maxWidth > 0 && total(widths(cells, shown), shown) > maxWidth && !shorter.isEmpty()) {
            cells = new ArrayList<>(rows.size());
            cells.add(rows.get(0));
            for (String[] r : rows.subList(1, rows.size())) {
                String[] s = r.clone();
                shorter.forEach((c, how) -> s[c] = how.apply(s[c]));
                cells.add(s);
            }
        }
        int[] width = widths(cells, shown);
        int shrink = shrinkable == null ? -1 : List.of(rows.get(0)).indexOf(shrinkable);
        if (maxWidth > 0 && shrink >= 0 && total(width, shown) > maxWidth) {
            width[shrink] =
                    Math.max(Math.min(MIN_SHRUNK, width[shrink]), width[shrink] - (total(width, shown) - maxWidth));
        }
        for (String header : droppable) {
            int c = List.of(rows.get(0)).indexOf(header);
            if (maxWidth > 0 && c >= 0 && c != shrink && total(width, shown) > maxWidth) {
                shown.remove(Integer.valueOf(c));
            }
        }
        // The widest column gives up a column at a time, so that wrapped columns end about as wide as each other.
        boolean[] wraps = new boolean[columns];
        while (maxWidth > 0 && total(width, shown) > maxWidth) {
            int widest = -1;
            for (int c : shown) {
                if (c != shrink && (widest < 0 || width[c] > width[widest])) {
                    widest = c;
                }
            }
            if (widest < 0 || width[widest] <= MIN_WRAPPED) {
                break;
            }
            width[widest]--;
            wraps[widest] = true;
        }
        // One write for the whole table: a line at a time, an autoflushing writer makes a system call per line.
        StringBuilder table = new StringBuilder();
        String newline = System.lineSeparator();
        for (String[] r : cells) {
            List<String[]> lines = layout(r, shown, width, wraps);
            for (String[] parts : lines) {
                StringBuilder line = new StringBuilder();
                for (int k = 0; k < shown.size(); k++) {
                    int c = shown.get(k);
                    String cell = parts[c];
                    line.append(cell);
                    if (k < shown.size() - 1) {
                        line.append(" ".repeat(Math.max(0, width[c] - cell.length()) + 2));
                    }
                }
                int end = line.length();
                while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
                    end--;
                }
                if (maxWidth > 0 && end > maxWidth) {
                    end = maxWidth; // the last resort: columns that cannot get narrower
                }
                table.append(line, 0, end).append(newline);
            }
        }
        out.print(table);
    }

    /** A row as the lines it takes: a wrapped cell goes on in the same column of the next lines. */
    private static List<String[]> layout(String[] row, List<Integer> shown, int[] width, boolean[] wraps) {
        List<List<String>> pieces = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < row.length; c++) {
            String cell = row[c];
            List<String> p;
            if (!shown.contains(c) || cell.length() <= width[c]) {
                p = List.of(cell);
            } else if (wraps[c]) {
                p = pieces(cell, width[c]);
            } else {
                p = List.of(cell.substring(0, Math.max(0, width[c] - 3)) + "...");
            }
            pieces.add(p);
            height = Math.max(height, p.size());
        }
        List<String[]> lines = new ArrayList<>(height);
        for (int k = 0; k < height; k++) {
            String[] line = new String[row.length];
            for (int c = 0; c < row.length; c++) {
                line[c] = k < pieces.get(c).size() ? pieces.get(c).get(k) : "";
            }
            lines.add(line);
        }
        return lines;
    }

    /** A cell in pieces no wider than {@code width}: broken at a space or after a hyphen where there is one, else anywhere. */
    static List<String> pieces(String cell, int width) {
        List<String> pieces = new ArrayList<>();
        String rest = cell;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            int hyphen = rest.lastIndexOf('-', width - 1) + 1;
            if (hyphen > cut) {
                cut = hyphen;
            }
            if (cut <= 0) {
                cut = width;
            }
            pieces.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty() || pieces.isEmpty()) {
            pieces.add(rest);
        }
        return pieces;
    }

    private int[] widths(List<String[]> cells, List<Integer> shown) {
        int[] width = new int[columns];
        for (String[] r : cells) {
            for (int c : shown) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        return width;
    }

    private static int total(int[] width, List<Integer> shown) {
        int total = -2;
        for (int c : shown) {
            total += width[c] + 2;
        }
        return total;
    }
}
