package io.github.ecrsweep.rules;

import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UntagSelectionTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private static Image tagged(String name, int daysAgo, String... tags) {
        return image(name, NOW.minus(Duration.ofDays(daysAgo)).minusSeconds(60), tags)
                .build();
    }

    private static UntagSelection globs(String... globs) {
        return new UntagSelection(List.of(globs), List.of(), null, null, null, false);
    }

    private static Decision decision(Plan plan, Image image) {
        return plan.decisions().stream()
                .filter(d -> d.digest().equals(image.digest()))
                .findFirst()
                .orElseThrow();
    }

    private static Plan plan(UntagSelection rule, Image... images) {
        return rule.plan(List.of(images), NOW, TagMutability.MUTABLE, Pins.none());
    }

    @Test
    void removesTheSelectedTagsAndLeavesTheImageWithItsOthers() {
        Image a = tagged("a", 40, "pr-1", "pr-2", "main");
        Image b = tagged("b", 30, "release");

        Plan plan = plan(globs("pr-*"), a, b);

        Decision d = decision(plan, a);
        assertThat(d.action()).isEqualTo(DecisionAction.UNTAG);
        assertThat(d.reason()).isEqualTo(Reason.TAG_SELECTED);
        assertThat(d.untag()).containsExactly("pr-1", "pr-2");
        assertThat(d.bytes()).isZero();
        assertThat(decision(plan, b).reason()).isEqualTo(Reason.NOT_SELECTED);
        assertThat(plan.removedBytes()).isZero();
    }

    @Test
    void anImageWhoseLastTagWouldGoIsLeftAndShownUnlessDeleteIfLast() {
        Image only = tagged("only", 40, "pr-7");
        Image child = tagged("child", 40);
        Image index = image("index", NOW.minus(Duration.ofDays(41)), "pr-8")
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(child.digest()))
                .build();

        Plan left = plan(globs("pr-*"), only, index, child);
        assertThat(decision(left, only).reason()).isEqualTo(Reason.LAST_TAG);
        assertThat(left.shown()).extracting(Decision::digest).contains(only.digest(), index.digest());
        assertThat(left.actions()).isEmpty();

        Plan deleted = plan(new UntagSelection(List.of("pr-*"), List.of(), null, null, null, true), only, index, child);
        assertThat(decision(deleted, only).action()).isEqualTo(DecisionAction.DELETE);
        assertThat(decision(deleted, only).reason()).isEqualTo(Reason.LAST_TAG_DELETED);
        assertThat(decision(deleted, index).reason()).isEqualTo(Reason.LAST_TAG_DELETED);
        // The index's untagged child goes with it, a wave after it.
        assertThat(decision(deleted, child).reason()).isEqualTo(Reason.CHILD_OF_DELETED_INDEX);
        assertThat(decision(deleted, child).wave())
                .isEqualTo(decision(deleted, index).wave() + 1);
    }

    @Test
    void untaggingAnIndexNeverTakesItsChildren() {
        Image child = tagged("child", 40);
        Image index = image("index", NOW.minus(Duration.ofDays(41)), "pr-8", "main")
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(child.digest()))
                .build();

        Plan plan = plan(new UntagSelection(List.of("pr-*"), List.of(), null, null, null, true), index, child);

        assertThat(decision(plan, index).action()).isEqualTo(DecisionAction.UNTAG);
        assertThat(decision(plan, child).isKeep()).isTrue();
        assertThat(plan.actions()).hasSize(1);
    }

    @Test
    void keepCountsTheNewestPerGroupAndOlderThanHoldsTheYoung() {
        Pattern build = Pattern.compile("^v(\\d+\\.\\d+)\\.\\d+-build\\d+$");
        Image a1 = tagged("a1", 50, "v1.0.1-build1", "v1.0.1");
        Image a2 = tagged("a2", 40, "v1.0.2-build2", "v1.0.2");
        Image a3 = tagged("a3", 30, "v1.0.3-build3", "v1.0.3");
        Image b1 = tagged("b1", 45, "v1.1.0-build4", "v1.1.0");
        Image young = tagged("young", 1, "v1.1.1-build5", "v1.1.1");

        Plan plan = new UntagSelection(List.of(), List.of(build), Duration.ofDays(7), 1, "1", false)
                .plan(List.of(a1, a2, a3, b1, young), NOW, TagMutability.MUTABLE, Pins.none());

        // v1.0: a3 is the newest and keeps its build tag; v1.1: young is the newest.
        assertThat(decision(plan, a3).reason()).isEqualTo(Reason.WITHIN_COUNT);
        assertThat(decision(plan, young).reason()).isEqualTo(Reason.WITHIN_COUNT);
        assertThat(decision(plan, a2).untag()).containsExactly("v1.0.2-build2");
        assertThat(decision(plan, a1).untag()).containsExactly("v1.0.1-build1");
        assertThat(decision(plan, b1).untag()).containsExactly("v1.1.0-build4");

        Plan aged = new UntagSelection(List.of(), List.of(build), Duration.ofDays(7), null, null, false)
                .plan(List.of(a1, young), NOW, TagMutability.MUTABLE, Pins.none());
        assertThat(decision(aged, young).reason()).isEqualTo(Reason.NOT_OLD_ENOUGH);
        assertThat(decision(aged, a1).action()).isEqualTo(DecisionAction.UNTAG);
    }

    @Test
    void immutableTagsAreRefusedAndExclusionsAreHonoured() {
        Image a = tagged("a", 40, "dev-1", "main");
        Image b = tagged("b", 40, "rel-1", "main2");
        TagMutability immutableButDev =
                new TagMutability(TagMutability.Mode.IMMUTABLE_WITH_EXCLUSION, List.of("dev-*"));

        Plan plan = new UntagSelection(List.of("dev-*", "rel-*"), List.of(), null, null, null, false)
                .plan(List.of(a, b), NOW, immutableButDev, Pins.none());

        assertThat(decision(plan, a).action()).isEqualTo(DecisionAction.UNTAG);
        assertThat(decision(plan, b).reason()).isEqualTo(Reason.TAG_IMMUTABLE);
        assertThat(plan.shown()).extracting(Decision::digest).contains(b.digest());

        Plan all = new UntagSelection(List.of("dev-*"), List.of(), null, null, null, false)
                .plan(List.of(a), NOW, new TagMutability(TagMutability.Mode.IMMUTABLE, List.of()), Pins.none());
        assertThat(decision(all, a).reason()).isEqualTo(Reason.TAG_IMMUTABLE);

        TagMutability mutableButRel = new TagMutability(TagMutability.Mode.MUTABLE_WITH_EXCLUSION, List.of("rel-*"));
        assertThat(mutableButRel.isImmutable("rel-1")).isTrue();
        assertThat(mutableButRel.isImmutable("dev-1")).isFalse();
        assertThat(TagMutability.Mode.of("SOMETHING_NEW")).isEqualTo(TagMutability.Mode.IMMUTABLE);
    }

    @Test
    void anImageInUseKeepsItsTags() {
        Image a = tagged("a", 40, "pr-1", "main");
        Pins pins = Pins.builder().tag("pr-1", "ecs:service/prod/web").build();

        Plan plan = globs("pr-*").plan(List.of(a), NOW, TagMutability.MUTABLE, pins);

        assertThat(decision(plan, a).reason()).isEqualTo(Reason.IN_USE);
        assertThat(plan.actions()).isEmpty();
    }

    @Test
    void aRuleFileUntagRuleRemovesWhatItsRegexFindsAndNeverFreesAnIndexsChildren() {
        SweepRule rule = new SweepRule(
                1,
                "build tags",
                TagStatus.TAGGED,
                Pattern.compile("^build-"),
                null,
                List.of(),
                1,
                null,
                null,
                null,
                SweepRule.Action.UNTAG);
        Image child = tagged("child", 40);
        Image index = image("index", NOW.minus(Duration.ofDays(30)), "build-2", "v2")
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(child.digest()))
                .build();
        Image older = tagged("older", 50, "build-1", "v1");
        Image only = tagged("only", 60, "build-0");
        Image newest = tagged("newest", 1, "build-3", "v3");

        Plan plan = SweepEvaluator.plan(
                List.of(rule),
                RuleSet.Never.NONE,
                List.of(index, child, older, only, newest),
                NOW,
                Pins.none(),
                TagMutability.MUTABLE);

        assertThat(decision(plan, newest).reason()).isEqualTo(Reason.WITHIN_COUNT);
        assertThat(decision(plan, index).untag()).containsExactly("build-2");
        assertThat(decision(plan, index).reason()).isEqualTo(Reason.RULE);
        assertThat(decision(plan, child).isKeep()).isTrue();
        assertThat(decision(plan, older).untag()).containsExactly("build-1");
        assertThat(decision(plan, only).reason()).isEqualTo(Reason.LAST_TAG);
        assertThat(plan.actions()).allMatch(d -> d.action() == DecisionAction.UNTAG);
        assertThatThrownBy(() -> new SweepRule(
                        1,
                        null,
                        TagStatus.TAGGED,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        SweepRule.Action.UNTAG))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesASelectionThatNamesNoTag() {
        assertThatThrownBy(() -> new UntagSelection(List.of(), List.of(), null, null, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UntagSelection(List.of("x"), List.of(), null, 1, "1", false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Seeded random repositories: an untag plan never removes every tag of an image, removes only selected tags,
     * and deletes only with deleteIfLast (then only untagged followers besides the images all of whose tags go).
     */
    @Test
    void neverRemovesALastTagAndNeverActsBeyondTheSelection() {
        String[] pool = {"pr-1", "pr-2", "main", "v1", "tmp-a", "tmp-b", "latest"};
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Set<String> tags = new HashSet<>();
                int n = random.nextInt(4);
                for (int t = 0; t < n; t++) {
                    tags.add(pool[random.nextInt(pool.length)] + (random.nextBoolean() ? "" : "-" + i));
                }
                images.add(tagged("img" + seed + "-" + i, random.nextInt(60), tags.toArray(String[]::new)));
            }
            boolean deleteIfLast = random.nextBoolean();
            UntagSelection rule = new UntagSelection(
                    List.of("pr-*", "tmp-*"),
                    List.of(),
                    random.nextBoolean() ? Duration.ofDays(10) : null,
                    random.nextBoolean() ? random.nextInt(3) : null,
                    null,
                    deleteIfLast);
            Plan plan = rule.plan(images, NOW, TagMutability.MUTABLE, Pins.none());
            for (Decision d : plan.actions()) {
                if (d.action() == DecisionAction.UNTAG) {
                    assertThat(d.untag())
                            .as("seed %d", seed)
                            .allMatch(t -> t.startsWith("pr-") || t.startsWith("tmp-"));
                    assertThat(d.untag().size())
                            .as("seed %d", seed)
                            .isLessThan(d.image().tags().size());
                } else {
                    assertThat(deleteIfLast).as("seed %d", seed).isTrue();
                    assertThat(d.action()).isEqualTo(DecisionAction.DELETE);
                    assertThat(rule.selected(d.image()))
                            .as("seed %d", seed)
                            .hasSameSizeAs(d.image().tags());
                }
            }
        }
    }
}
