package io.github.ecrsweep.app;

import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Selection by repository resource tags, and the tags by which a repository speaks for itself:
 * {@code ecrsweep:skip=true} (never changed unless named with -r), {@code ecrsweep:older-than} and
 * {@code ecrsweep:keep} (the repository's own --older-than and --keep).
 *
 * @param with    every one of these must be on the repository (AND)
 * @param without none of these may be on it
 */
public record RepositoryTags(List<Tag> with, List<Tag> without) {

    public static final String SKIP = "ecrsweep:skip";
    public static final String OLDER_THAN = "ecrsweep:older-than";
    public static final String KEEP = "ecrsweep:keep";

    public static final RepositoryTags NONE = new RepositoryTags(List.of(), List.of());

    /** One resource tag, {@code key=value}. */
    public record Tag(String key, String value) {

        /** {@code key=value}, as the option gives it; the value may be empty, the key may not. */
        public static Tag parse(String text, String option) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new UserError(ExitCode.USAGE, option + " '" + text + "': expected KEY=VALUE, e.g. team=payments");
            }
            return new Tag(text.substring(0, eq), text.substring(eq + 1));
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    public RepositoryTags {
        with = List.copyOf(with);
        without = List.copyOf(without);
    }

    /** From the options' texts. */
    public static RepositoryTags of(List<String> with, List<String> without) {
        return new RepositoryTags(
                with.stream().map(t -> Tag.parse(t, "--repository-tag")).toList(),
                without.stream()
                        .map(t -> Tag.parse(t, "--exclude-repository-tag"))
                        .toList());
    }

    public boolean isEmpty() {
        return with.isEmpty() && without.isEmpty();
    }

    /** Whether a repository with these tags is selected. */
    public boolean admits(Map<String, String> tags) {
        return with.stream().allMatch(t -> t.value().equals(tags.get(t.key())))
                && without.stream().noneMatch(t -> t.value().equals(tags.get(t.key())));
    }

    /** Whether the repository asks never to be changed unless named. */
    public static boolean skips(Map<String, String> tags) {
        return "true".equalsIgnoreCase(tags.getOrDefault(SKIP, "").trim());
    }

    /**
     * The repository's own --older-than and --keep, from its tags: an absent tag is null; a tag that does not
     * say a duration or a count fails the repository, since planning it otherwise could delete what it protects.
     */
    public record Overrides(Duration olderThan, Integer keep) {

        public static Overrides of(Map<String, String> tags) {
            Duration olderThan = null;
            Integer keep = null;
            String age = tags.get(OLDER_THAN);
            if (age != null) {
                olderThan = io.github.ecrsweep.rules.Ages.parse(age.trim())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "its tag " + OLDER_THAN + "='" + age + "' is not a duration such as 14d or 36h"));
            }
            String count = tags.get(KEEP);
            if (count != null) {
                try {
                    keep = Integer.parseInt(count.trim());
                } catch (NumberFormatException e) {
                    keep = -1;
                }
                if (keep < 0) {
                    throw new IllegalArgumentException("its tag " + KEEP + "='" + count + "' is not a count");
                }
            }
            return new Overrides(olderThan, keep);
        }

        public boolean isEmpty() {
            return olderThan == null && keep == null;
        }

        /** What the report shows: the tags that decided, as the repository carries them. */
        public Map<String, String> shown(Map<String, String> tags) {
            Map<String, String> shown = new LinkedHashMap<>();
            if (olderThan != null) {
                shown.put(OLDER_THAN, tags.get(OLDER_THAN));
            }
            if (keep != null) {
                shown.put(KEEP, tags.get(KEEP));
            }
            return shown;
        }
    }

    /** The options as given, for the report: {@code key=value} each. */
    public List<String> withTexts() {
        return texts(with);
    }

    public List<String> withoutTexts() {
        return texts(without);
    }

    private static List<String> texts(List<Tag> tags) {
        List<String> texts = new ArrayList<>();
        tags.forEach(t -> texts.add(t.toString()));
        return texts;
    }
}
