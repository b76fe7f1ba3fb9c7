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
}
