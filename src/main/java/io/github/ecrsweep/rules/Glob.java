package io.github.ecrsweep.rules;

/** Whole-string globs in which {@code *} matches any run of characters (even none) and {@code ?} one character. */
public final class Glob {

    private Glob() {}

    /**
     * Whether a {@code *} / {@code ?} glob matches the whole name. Greedy with one backtracking point, so
     * the time grows with name times pattern length at worst, never exponentially as a regular
     * expression built from the glob can.
     */
    public static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))) {
                g++;
                n++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = n;
            } else if (star >= 0) {
                g = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
