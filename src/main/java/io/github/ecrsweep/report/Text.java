package io.github.ecrsweep.report;

/**
 * Text from the registry or from files, made safe to print: control characters (which can move the
 * cursor, rewrite the screen or set the window title), line separators and bidirectional overrides
 * (which can reorder what a reader sees) are shown as {@code \\uXXXX} escapes instead.
 */
public final class Text {

    private Text() {}

    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !unsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public static boolean unsafe(char c) {
        return c < 0x20
                || c == 0x7f
                || (c >= 0x80 && c <= 0x9f)
                || c == 0x061c
                || c == 0x200e
                || c == 0x200f
                || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * Prints {@code text} made safe, within {@code width} characters (0: no limit): broken at spaces, a word
     * longer than the width cut into pieces; continuation lines indented as {@code indent}.
     */
    public static void println(java.io.PrintWriter out, String text, int width, String indent) {
        String line = safe(text);
        if (width <= 0 || line.length() <= width) {
            out.println(line);
            return;
        }
        String lead = "";
        while (line.length() > width - lead.length()) {
            int room = width - lead.length();
            int cut = line.lastIndexOf(' ', room);
            if (cut <= 0) {
                cut = room;
            }
            out.println(lead + line.substring(0, cut).stripTrailing());
            line = line.substring(cut).stripLeading();
            lead = indent.length() < width / 2 ? indent : "";
        }
        if (!line.isEmpty()) {
            out.println(lead + line);
        }
    }
}
