package io.github.ecrsweep.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a rule file: a {@code never} list for every repository, and repository blocks, each with
 * the repositories it covers, its own {@code never} list and its ordered rules. A repository is swept by
 * the first block that covers it; a repository no block covers is not touched.
 */
public record RuleSet(Never never, List<Block> blocks) {

    public RuleSet {
        blocks = List.copyOf(blocks);
    }

    /**
     * Images no rule may act on: by tag (with {@code *} and {@code ?} wildcards; the image holding the tag
     * when the plan is made) or by digest. Like an in-use pin, it holds through the graph.
     */
    public record Never(List<String> tags, List<Digest> digests) {

        public static final Never NONE = new Never(List.of(), List.of());

        public Never {
            tags = List.copyOf(tags);
            digests = List.copyOf(digests);
        }

        Never and(Never other) {
            List<String> t = new ArrayList<>(tags);
            t.addAll(other.tags);
            List<Digest> d = new ArrayList<>(digests);
            d.addAll(other.digests);
            return new Never(t, d);
        }

        /** The images of a repository this list names, as pins whose source is the entry that names them. */
        Pins pins(Collection<Image> images) {
            Pins.Builder pins = Pins.builder();
            digests.forEach(d -> pins.digest(d, "never:" + d));
            for (Image image : images) {
                for (String tag : image.tags()) {
                    for (String glob : tags) {
                        if (Glob.matches(glob, tag)) {
                            pins.digest(image.digest(), "never:" + glob);
                        }
                    }
                }
            }
            return pins.build();
        }
    }

    /**
     * One repository block.
     *
     * @param match   the repositories it covers (globs with {@code *} and {@code ?})
     * @param exclude repositories it does not cover, though {@code match} names them
     * @param number  the block's place in the file, from 1
     */
    public record Block(int number, List<String> match, List<String> exclude, Never never, List<SweepRule> rules) {

        public Block {
            match = List.copyOf(match);
            exclude = List.copyOf(exclude);
            rules = List.copyOf(rules);
        }

        public boolean covers(String repository) {
            return match.stream().anyMatch(g -> Glob.matches(g, repository))
                    && exclude.stream().noneMatch(g -> Glob.matches(g, repository));
        }
    }

    /** The block that sweeps this repository: the first that covers it. */
    public Optional<Block> blockFor(String repository) {
        return blocks.stream().filter(b -> b.covers(repository)).findFirst();
    }

    /** The never list of a block: the file's and the block's own. */
    public Never neverIn(Block block) {
        return never.and(block.never());
    }

    /** How many rules the file has, over all blocks. */
    public int ruleCount() {
        return blocks.stream().mapToInt(b -> b.rules().size()).sum();
    }
}
