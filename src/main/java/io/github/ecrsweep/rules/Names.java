package io.github.ecrsweep.rules;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The names closest to one mistyped: for "did you mean" in answers to a name or a pattern that matches nothing. */
public final class Names {

    private Names() {}

    /**
     * Up to {@code most} names near {@code typed}, nearest first: those equal to it but for case and blanks,
     * then those within a few edits (a quarter of its length, at least 2).
     */
    public static List<String> closest(String typed, Collection<String> names, int most) {
        String t = typed.trim().toLowerCase(Locale.ROOT);
        int limit = Math.max(2, t.length() / 4);
        return names.stream()
                .distinct()
                .map(n -> new Scored(n, distance(t, n.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance <= limit)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(most)
                .map(Scored::name)
                .toList();
    }

    /**
     * Up to {@code most} names a glob that matched none of them was likely meant for: what the glob matches once
     * blanks, case and a trailing {@code /} (a folder: {@code web/} for {@code web/*}) are read as meant, else the
     * names nearest to its literal text.
     */
    public static List<String> meantBy(String glob, Collection<String> names, int most) {
        String g = glob.trim().toLowerCase(Locale.ROOT);
        String meant = g.endsWith("/") ? g + "*" : g;
        List<String> matched = names.stream()
                .filter(n -> Glob.matches(meant, n))
                .sorted()
                .limit(most)
                .toList();
        return matched.isEmpty() ? closest(g.replace("*", "").replace("?", ""), names, most) : matched;
    }

    private record Scored(String name, int distance) {}

    /** The Levenshtein distance: the fewest one-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
