package io.github.ecrsweep.rules;

import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UntaggedSelectionTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private static Image untagged(String name, int daysAgo) {
        return image(name, NOW.minus(Duration.ofDays(daysAgo)).minusSeconds(60)).build();
    }

    private static Map<String, Decision> plan(UntaggedSelection selection, Image... images) {
        Plan plan = selection.plan(List.of(images), NOW);
        Map<String, Decision> byName = new LinkedHashMap<>();
        for (Image i : images) {
            plan.decisions().stream()
                    .filter(d -> d.digest().equals(i.digest()))
                    .forEach(d -> byName.put(nameOf(i, images), d));
        }
        return byName;
    }

    private static String nameOf(Image image, Image[] all) {
        for (String n : List.of("d1", "d5", "d10", "d20", "d30", "top", "mid", "leaf", "tagged-child", "restoring")) {
            if (TestImages.digestOf(n).equals(image.digest())) {
                return n;
            }
        }
        throw new IllegalArgumentException();
    }

    @Test
    void keepAndOlderThanCombine() {
        Image[] images = {
            untagged("d1", 1), untagged("d5", 5), untagged("d10", 10), untagged("d20", 20), untagged("d30", 30)
        };

        Map<String, Decision> keep2 = plan(new UntaggedSelection(Duration.ofDays(7), 2), images);
        assertThat(keep2.get("d1").reason()).isEqualTo(Reason.AMONG_NEWEST_UNTAGGED);
        assertThat(keep2.get("d5").reason()).isEqualTo(Reason.AMONG_NEWEST_UNTAGGED);
        assertThat(List.of("d10", "d20", "d30")).allMatch(n -> keep2.get(n).action() == DecisionAction.DELETE);

        Map<String, Decision> keep1 = plan(new UntaggedSelection(Duration.ofDays(7), 1), images);
        assertThat(keep1.get("d5").reason()).isEqualTo(Reason.NOT_OLD_ENOUGH);
        assertThat(keep1.get("d10").action()).isEqualTo(DecisionAction.DELETE);
    }

    @Test
    void nestedIndexesAreDeletedInWavesFromTheTop() {
        Image leaf = untagged("leaf", 40);
        Image taggedChild =
                image("tagged-child", NOW.minus(Duration.ofDays(40)), "keep-me").build();
        Image mid = untagged("mid", 40).toBuilder()
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(leaf.digest(), taggedChild.digest()))
                .build();
        Image top = untagged("top", 40).toBuilder()
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(mid.digest()))
                .build();

        Map<String, Decision> d = plan(UntaggedSelection.all(), top, mid, leaf, taggedChild);

        assertThat(d.get("top").wave()).isZero();
        assertThat(d.get("mid").wave()).isEqualTo(1);
        assertThat(d.get("mid").reason()).isEqualTo(Reason.CHILD_OF_DELETED_INDEX);
        assertThat(d.get("leaf").wave()).isEqualTo(2);
        assertThat(d.get("tagged-child").action()).isEqualTo(DecisionAction.KEEP);
        assertThat(d.get("tagged-child").reason()).isEqualTo(Reason.TAGGED);
    }

    @Test
    void anImageBeingRestoredIsLeftAlone() {
        Image restoring = untagged("restoring", 90).toBuilder()
                .status(ImageStatus.ACTIVATING)
                .build();

        assertThat(plan(UntaggedSelection.all(), restoring).get("restoring").reason())
                .isEqualTo(Reason.RESTORING);
    }

    @Test
    void rejectsNegativeLimits() {
        assertThatThrownBy(() -> new UntaggedSelection(null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UntaggedSelection(Duration.ofDays(-1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChainOfIndexesOneHundredThousandDeepIsPlannedWithoutRecursion() {
        int depth = 100_000;
        java.util.List<Image> chain = new java.util.ArrayList<>(depth);
        Digest below = TestImages.digestOf("level-" + depth);
        chain.add(image("level-" + depth, NOW.minus(Duration.ofDays(40))).build());
        for (int level = depth - 1; level >= 1; level--) {
            Image index = image("level-" + level, NOW.minus(Duration.ofDays(40)))
                    .manifestMediaType(MediaTypes.OCI_INDEX)
                    .childDigests(List.of(below))
                    .build();
            chain.add(index);
            below = index.digest();
        }

        Plan deletion = UntaggedSelection.all().plan(chain, NOW);
        Plan expiry = LifecycleEvaluator.evaluate(
                new LifecyclePolicy(List.of(new Rule(
                        1,
                        null,
                        new Selection(
                                new TagSelector.AnyImage(), StorageClass.STANDARD, CountType.SINCE_IMAGE_PUSHED, 30),
                        new Action.Expire()))),
                chain,
                NOW);

        assertThat(deletion.actions()).hasSize(depth);
        assertThat(deletion.waves()).hasSize(depth);
        assertThat(deletion.waves().get(0))
                .extracting(Decision::digest)
                .containsExactly(TestImages.digestOf("level-1"));
        assertThat(expiry.actions()).hasSize(depth);
    }

    @Test
    void aRestoreFromArchiveCountsAsAPushForOlderThanAndKeep() {
        Image restored = image("d1", NOW.minus(Duration.ofDays(400)))
                .lastActivatedAt(NOW.minus(Duration.ofDays(1)))
                .build();
        Image old = untagged("d30", 30);

        Map<String, Decision> olderThan = plan(new UntaggedSelection(Duration.ofDays(14), 0), restored, old);
        Map<String, Decision> keepOne = plan(new UntaggedSelection(null, 1), restored, old);

        assertThat(olderThan.get("d1").reason()).isEqualTo(Reason.NOT_OLD_ENOUGH);
        assertThat(olderThan.get("d30").action()).isEqualTo(DecisionAction.DELETE);
        assertThat(keepOne.get("d1").reason()).as("the newest by its restore").isEqualTo(Reason.AMONG_NEWEST_UNTAGGED);
        assertThat(keepOne.get("d30").action()).isEqualTo(DecisionAction.DELETE);
    }
}
