package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of an ecrsweep rule file: which images it matches (its selection), and what it does with those
 * it matches. A rule matches an image when the tag status fits, some tag matches {@code tagRegex} (when
 * given), no tag matches {@code excludeTagRegex} or an {@code excludeTags} glob, and, for an archive rule,
 * the image is in the standard storage class. Of its matches it keeps the newest {@code keep} (per group
 * with {@code groupBy}), those pushed within {@code olderThan} and those pulled within
 * {@code pulledBefore}; it acts on the rest. Regular expressions find a match anywhere in a tag: anchor
 * them with {@code ^} and {@code $} to match whole tags.
 *
 * @param number          the rule's place in its repository block, from 1: what plans name it by
 * @param description     what the rule is for, or null
 * @param excludeTags     tags (with {@code *} and {@code ?} wildcards) that keep an image out of the rule
 * @param keep            how many of the newest matched images to keep (per group), or null for no count
 * @param groupBy         the capture group of {@code tagRegex} (a number or a name) whose value groups
 *                        images for {@code keep}, or null to count all matched images together
 * @param olderThan       act only on images pushed (or restored) more than this long ago, or null
 * @param pulledBefore    act only on images last pulled more than this long ago (never pulled: since their
 *                        push, as ECR's {@code sinceImagePulled}), or null
 */
public record SweepRule(
        int number,
        String description,
        TagStatus tagStatus,
        Pattern tagRegex,
        Pattern excludeTagRegex,
        List<String> excludeTags,
        Integer keep,
        String groupBy,
        Duration olderThan,
        Duration pulledBefore,
        Action action) {

    /** What a rule does with the images it matches and does not keep. */
    public enum Action {
        DELETE("delete"),
        ARCHIVE("archive"),
        /** Removes the tags {@code tagRegex} finds from the images it acts on, and leaves the images. */
        UNTAG("untag"),
        /** Keeps every image it matches, so that no later rule acts on them. */
        KEEP("keep");

        private final String code;

        Action(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static java.util.Optional<Action> ofCode(String code) {
            for (Action a : values()) {
                if (a.code.equals(code)) {
                    return java.util.Optional.of(a);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public SweepRule {
        Objects.requireNonNull(tagStatus, "tagStatus");
        Objects.requireNonNull(action, "action");
        excludeTags = List.copyOf(excludeTags);
        if (keep != null && keep < 0) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
        if (groupBy != null && (tagRegex == null || keep == null)) {
            throw new IllegalArgumentException("groupBy needs tagRegex and keep");
        }
        if (action == Action.UNTAG && tagRegex == null) {
            throw new IllegalArgumentException("an untag rule needs tagRegex: the tags it removes");
        }
    }

    /** Whether the rule matches the image (its selection; counts and ages come after). */
    public boolean matches(Image image) {
        if (tagStatus == TagStatus.TAGGED && !image.isTagged() || tagStatus == TagStatus.UNTAGGED && image.isTagged()) {
            return false;
        }
        if (action == Action.ARCHIVE && image.status() != ImageStatus.ACTIVE) {
            return false;
        }
        boolean selected = tagRegex == null;
        for (String tag : image.tags()) {
            if (excludeTagRegex != null && find(excludeTagRegex, tag) != null
                    || excludeTags.stream().anyMatch(g -> Glob.matches(g, tag))) {
                return false;
            }
            selected = selected || find(tagRegex, tag) != null;
        }
        return selected;
    }

    /** The groups the image counts in for {@code keep}: the value of {@code groupBy} in each tag that matches. */
    public Set<String> groups(Image image) {
        Set<String> groups = new LinkedHashSet<>();
        for (String tag : image.tags()) {
            Matcher m = find(tagRegex, tag);
            if (m != null) {
                groups.add(group(m, groupBy));
            }
        }
        return groups;
    }

    /**
     * A regular expression that takes too long on a tag: one written with nested repetitions can take time
     * exponential in the tag's length. The repository's plan fails with this message; nothing is done there.
     */
    public static final class TooSlow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooSlow(Pattern pattern, String tag) {
            super("the regular expression '" + pattern.pattern() + "' takes too long on tag '" + tag
                    + "'; simplify it (repeated greedy wildcards such as (.*a){20} backtrack without end)");
        }
    }

    /** How many characters one match may read: far more than any sane expression needs on a 128-character tag. */
    private static final int READ_BUDGET = 1_000_000;

    /** The matcher after a successful find in the tag, or null; {@link TooSlow} past the reading budget. */
    /**
     * The value a match gives the capture group {@code groupBy} (a number or a name): empty when the group took no
     * part in the match, or the expression has no such group.
     */
    static String group(Matcher m, String groupBy) {
        String value;
        if (groupBy.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(groupBy);
            value = n <= m.groupCount() ? m.group(n) : null;
        } else {
            try {
                value = m.group(groupBy);
            } catch (IllegalArgumentException e) {
                value = null;
            }
        }
        return value == null ? "" : value;
    }

    static Matcher find(Pattern pattern, String tag) {
        Matcher m = pattern.matcher(new Budgeted(tag, new int[] {READ_BUDGET}, pattern));
        return m.find() ? m : null;
    }

    /** A tag that counts the characters a match reads, and stops it past the budget. */
    private record Budgeted(String text, int[] left, Pattern pattern) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new TooSlow(pattern, text);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Why a matched image that is not kept by the count stays, or null when the rule acts on it. */
    Reason spares(Image image, Instant now) {
        if (olderThan != null && !image.pushedBefore(now.minus(olderThan))) {
            return Reason.NOT_OLD_ENOUGH;
        }
        if (pulledBefore != null && !image.pullReferenceTime().isBefore(now.minus(pulledBefore))) {
            // Never pulled since its push or restore, the image is aged from that, and is simply too young.
            return image.pullReferenceTime().equals(image.lastRecordedPullTime())
                    ? Reason.PULLED_RECENTLY
                    : Reason.NOT_OLD_ENOUGH;
        }
        return null;
    }

    /** The decision the rule's action makes. */
    DecisionAction decision() {
        return switch (action) {
            case ARCHIVE -> DecisionAction.TRANSITION;
            case UNTAG -> DecisionAction.UNTAG;
            case DELETE, KEEP -> DecisionAction.DELETE;
        };
    }

    /** The tags an untag rule removes from this image: those in which {@code tagRegex} finds a match. */
    public List<String> untagTags(Image image) {
        if (tagRegex == null) {
            return List.of();
        }
        return image.tags().stream().filter(t -> find(tagRegex, t) != null).toList();
    }
}
