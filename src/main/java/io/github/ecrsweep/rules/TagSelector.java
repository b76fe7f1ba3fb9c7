package io.github.ecrsweep.rules;

import java.util.List;
import java.util.function.BiPredicate;

/** The tag part of a rule's selection: which images a rule considers, before storage class and count. */
public sealed interface TagSelector
        permits TagSelector.Untagged, TagSelector.AnyImage, TagSelector.Prefixes, TagSelector.Patterns {

    TagStatus tagStatus();

    boolean matches(Image image);

    /**
     * ECR's list semantics: the entries are ANDed, and each must match at least one of the image's tags. The loops
     * index the lists: the client compiler keeps no iterator off the heap, and this runs for every image and rule.
     */
    private static <T> boolean everyEntryMatchesSomeTag(Image image, List<T> entries, BiPredicate<T, String> matches) {
        if (!image.isTagged()) {
            return false;
        }
        List<String> tags = image.tags();
        for (int e = 0; e < entries.size(); e++) {
            T entry = entries.get(e);
            boolean found = false;
            for (int t = 0; t < tags.size(); t++) {
                if (matches.test(entry, tags.get(t))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** {@code tagStatus: untagged}: images with no tag at all. */
    record Untagged() implements TagSelector {
        @Override
        public TagStatus tagStatus() {
            return TagStatus.UNTAGGED;
        }

        @Override
        public boolean matches(Image image) {
            return !image.isTagged();
        }
    }

    /** {@code tagStatus: any}: every image. */
    record AnyImage() implements TagSelector {
        @Override
        public TagStatus tagStatus() {
            return TagStatus.ANY;
        }

        @Override
        public boolean matches(Image image) {
            return true;
        }
    }

    /** {@code tagStatus: tagged} with {@code tagPrefixList}: every prefix must start at least one of the image's tags. */
    record Prefixes(List<String> prefixes) implements TagSelector {
        public Prefixes {
            prefixes = List.copyOf(prefixes);
        }

        @Override
        public TagStatus tagStatus() {
            return TagStatus.TAGGED;
        }

        @Override
        public boolean matches(Image image) {
            return everyEntryMatchesSomeTag(image, prefixes, (prefix, tag) -> tag.startsWith(prefix));
        }
    }

    /** {@code tagStatus: tagged} with {@code tagPatternList}: every pattern must match at least one of the image's tags. */
    record Patterns(List<TagPattern> patterns) implements TagSelector {
        public Patterns {
            patterns = List.copyOf(patterns);
        }

        @Override
        public TagStatus tagStatus() {
            return TagStatus.TAGGED;
        }

        @Override
        public boolean matches(Image image) {
            return everyEntryMatchesSomeTag(image, patterns, TagPattern::matches);
        }
    }
}
