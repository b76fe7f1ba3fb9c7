package io.github.ecrsweep.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A {@code tagPatternList} entry: a whole-string glob in which {@code *} matches any run of characters, even none. */
public final class TagPattern {

    private final String text;
    private final List<String> literals;

    private TagPattern(String text) {
        this.text = text;
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int star = text.indexOf('*'); star >= 0; star = text.indexOf('*', from)) {
            parts.add(text.substring(from, star));
            from = star + 1;
        }
        parts.add(text.substring(from));
        this.literals = List.copyOf(parts);
    }

    public static TagPattern of(String text) {
        return new TagPattern(Objects.requireNonNull(text, "pattern"));
    }

    /** How many {@code *} the pattern has; ECR allows at most four. */
    public static int wildcards(String text) {
        return (int) text.chars().filter(c -> c == '*').count();
    }

    public boolean matches(String tag) {
        if (literals.size() == 1) {
            return tag.equals(text);
        }
        if (literals.size() == 2) {
            String first = literals.get(0);
            String last = literals.get(1);
            return tag.length() >= first.length() + last.length() && tag.startsWith(first) && tag.endsWith(last);
        }
        String first = literals.get(0);
        String last = literals.get(literals.size() - 1);
        if (tag.length() < first.length() + last.length() || !tag.startsWith(first) || !tag.endsWith(last)) {
            return false;
        }
        // Greedy leftmost placement of the middle literals is enough for '*'-only globs.
        int pos = first.length();
        int end = tag.length() - last.length();
        for (int i = 1; i < literals.size() - 1; i++) {
            String lit = literals.get(i);
            int at = tag.indexOf(lit, pos);
            if (at < 0 || at + lit.length() > end) {
                return false;
            }
            pos = at + lit.length();
        }
        return true;
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
