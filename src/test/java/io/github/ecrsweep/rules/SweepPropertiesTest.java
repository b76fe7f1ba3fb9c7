package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invariants of sweep plans (docs/RULES.md) over generated rule blocks and repositories; each case is
 * built from its seed alone, which is in the test's name.
 */
class SweepPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final List<String> REGEXES = List.of("^prod-", "^v\\d", "rc", "^(\\w+)-", "^(?<line>[a-z]+)", "1$");
    private static final List<String> EXCLUDES = List.of("latest", "prod-*", "v?-rc", "*-1");

    static LongStream seeds() {
        return PlanPropertiesTest.seeds().map(s -> s ^ 0x5111EEL);
    }

    /** A rule block of 1 to 4 rules drawn from the seed. */
    static List<SweepRule> rules(SplittableRandom random) {
        int n = 1 + random.nextInt(4);
        List<SweepRule> rules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String regex = random.nextInt(4) == 0 ? null : REGEXES.get(random.nextInt(REGEXES.size()));
            Pattern tagRegex = regex == null ? null : Pattern.compile(regex);
            Integer keep = random.nextBoolean() ? random.nextInt(4) : null;
            String groupBy = null;
            if (keep != null && tagRegex != null && tagRegex.matcher("").groupCount() > 0 && random.nextBoolean()) {
                groupBy = regex.contains("?<line>") && random.nextBoolean() ? "line" : "1";
            }
            SweepRule.Action action = random.nextInt(8) == 0
                    ? SweepRule.Action.KEEP
                    : random.nextInt(3) == 0 ? SweepRule.Action.ARCHIVE : SweepRule.Action.DELETE;
            TagStatus status = tagRegex != null
                    ? (random.nextBoolean() ? TagStatus.TAGGED : TagStatus.ANY)
                    : TagStatus.values()[random.nextInt(3)];
            rules.add(new SweepRule(
                    i + 1,
                    null,
                    status,
                    tagRegex,
                    random.nextInt(4) == 0 ? Pattern.compile("-rc$") : null,
                    random.nextInt(4) == 0 ? List.of(EXCLUDES.get(random.nextInt(EXCLUDES.size()))) : List.of(),
                    action == SweepRule.Action.KEEP ? null : keep,
                    action == SweepRule.Action.KEEP ? null : groupBy,
                    random.nextBoolean() ? Duration.ofDays(random.nextInt(200)) : null,
                    random.nextInt(3) == 0 ? Duration.ofDays(random.nextInt(200)) : null,
                    action));
        }
        return rules;
    }

    private static Set<Digest> acted(Plan plan) {
        Set<Digest> acted = new HashSet<>();
        plan.actions().forEach(d -> acted.add(d.digest()));
        return acted;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSweepDecidesEachImageOnceAndNeverBreaksTheGraph(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Image> images = PlanPropertiesTest.repository(random);
        List<SweepRule> rules = rules(random);
        Plan plan = SweepEvaluator.plan(rules, RuleSet.Never.NONE, images, NOW, Pins.none());

        assertThat(plan.decisions()).hasSize(images.size());
        assertThat(acted(plan)).hasSize(plan.actions().size());
        PlanPropertiesTest.assertGraphIsRespected(plan, images);
        List<Image> shuffled = new ArrayList<>(images);
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        assertThat(SweepEvaluator.plan(rules, RuleSet.Never.NONE, shuffled, NOW, Pins.none())
                        .decisions())
                .as("the same images in another order give the same plan")
                .isEqualTo(plan.decisions());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRuleActsOnlyOnWhatItMatchesFirstBeyondItsCountAndAge(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Image> images = PlanPropertiesTest.repository(random);
        List<SweepRule> rules = rules(random);
        Plan plan = SweepEvaluator.plan(rules, RuleSet.Never.NONE, images, NOW, Pins.none());

        Map<Integer, List<Image>> claimed = new HashMap<>();
        for (Decision d : plan.decisions()) {
            if (d.reason() != Reason.RULE) {
                continue;
            }
            SweepRule rule = rules.get(d.rulePriority() - 1);
            Image image = d.image();
            assertThat(rule.matches(image)).as("the deciding rule matches").isTrue();
            for (SweepRule earlier : rules.subList(0, rule.number() - 1)) {
                assertThat(earlier.matches(image))
                        .as("an earlier rule matched " + image.digest())
                        .isFalse();
            }
            assertThat(rule.action()).isNotEqualTo(SweepRule.Action.KEEP);
            assertThat(d.action()).isEqualTo(rule.decision());
            if (rule.olderThan() != null) {
                assertThat(image.effectivePushTime()).isBefore(NOW.minus(rule.olderThan()));
            }
            if (rule.pulledBefore() != null) {
                assertThat(image.pullReferenceTime()).isBefore(NOW.minus(rule.pulledBefore()));
            }
            if (d.action() == DecisionAction.TRANSITION) {
                assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
            }
        }
        // The newest `keep` images a rule decides (without groups) are never acted on. A rule decides the
        // top-level images it is the first to match: no index lists them, no subject or signed image is present.
        ImageGraph graph = ImageGraph.of(images);
        Set<Digest> present = new HashSet<>();
        images.forEach(i -> present.add(i.digest()));
        for (Image image : images) {
            boolean topLevel = image.storageClass().isPresent()
                    && graph.parentsOf(image).isEmpty()
                    && graph.subjectOf(image).isEmpty()
                    && image.cosignSubject()
                            .filter(s -> present.contains(s) && !s.equals(image.digest()))
                            .isEmpty();
            if (topLevel) {
                rules.stream()
                        .filter(r -> r.matches(image))
                        .findFirst()
                        .ifPresent(r -> claimed.computeIfAbsent(r.number(), k -> new ArrayList<>())
                                .add(image));
            }
        }
        Set<Digest> acted = acted(plan);
        for (SweepRule rule : rules) {
            if (rule.keep() == null || rule.groupBy() != null || !claimed.containsKey(rule.number())) {
                continue;
            }
            claimed.get(rule.number()).stream()
                    .sorted(ImageGraph.NEWEST_FIRST)
                    .limit(rule.keep())
                    .forEach(i -> assertThat(acted)
                            .as("among the newest " + rule.keep())
                            .doesNotContain(i.digest()));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverListsAndPinsOnlyKeepMoreAndHoldTheirGraph(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Image> images = PlanPropertiesTest.repository(random);
        List<SweepRule> rules = rules(random);
        List<Digest> neverDigests = new ArrayList<>();
        Pins.Builder pins = Pins.builder();
        Set<Digest> protectedDirectly = new HashSet<>();
        for (Image image : images) {
            int r = random.nextInt(5);
            if (r == 0) {
                neverDigests.add(image.digest());
                protectedDirectly.add(image.digest());
            } else if (r == 1) {
                pins.digest(image.digest(), "test");
                protectedDirectly.add(image.digest());
            }
        }
        List<String> neverTags = random.nextBoolean() ? List.of("prod-*") : List.of();
        images.stream()
                .filter(i -> i.tags().stream().anyMatch(t -> t.startsWith("prod-")) && !neverTags.isEmpty())
                .forEach(i -> protectedDirectly.add(i.digest()));

        Plan free = SweepEvaluator.plan(rules, RuleSet.Never.NONE, images, NOW, Pins.none());
        Plan held = SweepEvaluator.plan(rules, new RuleSet.Never(neverTags, neverDigests), images, NOW, pins.build());

        PlanPropertiesTest.assertGraphIsRespected(held, images);
        Set<Digest> acted = acted(held);
        assertThat(acted(free)).as("protection only keeps more").containsAll(acted);
        ImageGraph graph = ImageGraph.of(images);
        for (Image image : images) {
            if (!protectedDirectly.contains(image.digest())) {
                continue;
            }
            assertThat(acted).as("a protected image was acted on").doesNotContain(image.digest());
            graph.parentsOf(image).forEach(p -> assertThat(acted).doesNotContain(p.digest()));
            graph.childrenOf(image).forEach(c -> assertThat(acted).doesNotContain(c.digest()));
            graph.referrersOf(image).forEach(r -> assertThat(acted).doesNotContain(r.digest()));
        }
    }
}
