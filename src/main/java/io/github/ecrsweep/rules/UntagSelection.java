package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tags to remove ({@code ecrsweep untag}), leaving the images they name:
 * <ul>
 *   <li>a tag is selected when it matches one of the globs or one of the regular expressions (found anywhere in
 *       the tag; anchor with {@code ^} and {@code $});</li>
 *   <li>of the images carrying a selected tag, newest first by push time (the last restore counting as a push),
 *       the {@code keep} newest keep their tags (per group: the value of {@code groupBy} in the regular
 *       expression's match), and with {@code olderThan} only images pushed before {@code now - olderThan} lose
 *       theirs;</li>
 *   <li>ECR deletes an image whose last tag is removed, so an image whose every tag is selected is left as it is
 *       ({@code last-tag}), unless {@code deleteIfLast}: then it is a deletion by digest, with every rule of one
 *       (an index takes the untagged children only it lists, a subject its untagged referrers, each a wave later;
 *       a child of an index that stays is never deleted);</li>
 *   <li>an image with a selected tag that the repository's tag immutability covers is refused
 *       ({@code tag-immutable}): planned, shown, not attempted;</li>
 *   <li>an image in use keeps its tags, since what runs it may name it by one, and with it everything the graph
 *       ties to it.</li>
 * </ul>
 *
 * @param globs        tags to select, with {@code *} and {@code ?} wildcards
 * @param regexes      regular expressions, one of which must be found in a tag to select it
 * @param olderThan    only images pushed (or restored) longer ago than this lose tags; null for no age limit
 * @param keep         how many of the newest images with a selected tag keep them (per group); null for none
 * @param groupBy      the capture group (a number or a name) of the regular expressions whose value groups the
 *                     images for {@code keep}; null to count them together
 * @param deleteIfLast whether an image whose every tag is selected is deleted rather than left
 */
public record UntagSelection(
        List<String> globs,
        List<Pattern> regexes,
        Duration olderThan,
        Integer keep,
        String groupBy,
        boolean deleteIfLast) {

    public UntagSelection {
        globs = List.copyOf(globs);
        regexes = List.copyOf(regexes);
        if (globs.isEmpty() && regexes.isEmpty()) {
            throw new IllegalArgumentException("name the tags to remove with a glob or a regular expression");
        }
        if (keep != null && keep < 0) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
        if (olderThan != null && olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        if (groupBy != null && (regexes.isEmpty() || keep == null)) {
            throw new IllegalArgumentException("groupBy needs a regular expression and keep");
        }
    }

    /** The tags of the image this selection names, in the image's order. */
    public List<String> selected(Image image) {
        List<String> tags = new ArrayList<>();
        for (String tag : image.tags()) {
            if (selects(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private boolean selects(String tag) {
        for (String glob : globs) {
            if (Glob.matches(glob, tag)) {
                return true;
            }
        }
        for (Pattern regex : regexes) {
            if (SweepRule.find(regex, tag) != null) {
                return true;
            }
        }
        return false;
    }

    /** The groups an image counts in for {@code keep}: one for all, or the group's value in each selected tag. */
    private Set<String> groups(List<String> tags) {
        if (groupBy == null) {
            return Set.of("");
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String tag : tags) {
            for (Pattern regex : regexes) {
                Matcher m = SweepRule.find(regex, tag);
                if (m != null) {
                    groups.add(SweepRule.group(m, groupBy));
                }
            }
        }
        return groups.isEmpty() ? Set.of("") : groups;
    }

    /**
     * The plan for one repository.
     *
     * @param mutability the repository's tag immutability; a tag it covers is never removed
     * @param pins       what is in use: those images keep their tags, with everything tied to them
     */
    public Plan plan(Collection<Image> images, Instant now, TagMutability mutability, Pins pins) {
        Objects.requireNonNull(mutability, "mutability");
        ImageGraph graph = ImageGraph.of(images);
        int n = graph.size();
        Verdicts verdicts = new Verdicts(graph);
        Map<String, Integer> seen = new HashMap<>();
        // The graph holds images newest first by effective push time, the order keep counts in.
        for (int i = 0; i < n; i++) {
            Image image = graph.at(i);
            List<String> tags = selected(image);
            if (tags.isEmpty()) {
                continue;
            }
            if (image.storageClass().isEmpty()) {
                verdicts.keep(i, Reason.RESTORING, 0);
                continue;
            }
            boolean within = false;
            if (keep != null) {
                for (String group : groups(tags)) {
                    within |= seen.merge(group, 1, Integer::sum) <= keep;
                }
            }
            if (within) {
                verdicts.keep(i, Reason.WITHIN_COUNT, 0);
            } else if (olderThan != null && !image.pushedBefore(now.minus(olderThan))) {
                verdicts.keep(i, Reason.NOT_OLD_ENOUGH, 0);
            } else if (tags.size() < image.tags().size()) {
                if (tags.stream().anyMatch(mutability::isImmutable)) {
                    verdicts.keep(i, Reason.TAG_IMMUTABLE, 0);
                } else {
                    verdicts.untag(i, tags, Reason.TAG_SELECTED, 0);
                }
            } else if (!deleteIfLast) {
                verdicts.keep(i, Reason.LAST_TAG, 0);
            } else if (graph.parents(i).length > 0) {
                verdicts.keep(i, Reason.CHILD_OF_KEPT_INDEX, 0);
            } else if (graph.mayBeUnknownChild(i)) {
                verdicts.keep(i, Reason.INDEX_CHILDREN_UNKNOWN, 0);
            } else {
                verdicts.set(i, DecisionAction.DELETE, Reason.LAST_TAG_DELETED, 0);
            }
        }
        UntaggedSelection.cascade(graph, verdicts);
        verdicts.pin(pins, true);
        for (int i = 0; i < n; i++) {
            if (!verdicts.isDecided(i)) {
                verdicts.keep(i, keptReason(graph, i), 0);
            }
        }
        return verdicts.toPlan();
    }

    private static Reason keptReason(ImageGraph graph, int i) {
        Image image = graph.at(i);
        if (image.storageClass().isEmpty()) {
            return Reason.RESTORING;
        }
        if (graph.parents(i).length > 0) {
            return Reason.CHILD_OF_KEPT_INDEX;
        }
        if (graph.isReferrer(i) && graph.subject(i) >= 0) {
            return Reason.REFERRER_OF_KEPT_SUBJECT;
        }
        return Reason.NOT_SELECTED;
    }
}
