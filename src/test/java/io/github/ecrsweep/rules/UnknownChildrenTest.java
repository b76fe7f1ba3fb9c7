package io.github.ecrsweep.rules;

import static io.github.ecrsweep.rules.TestImages.digestOf;
import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.rules.json.PolicyJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An image that an index whose manifest could not be read may list stays while that index stays, even when a
 * readable index lists it too: "If an image is referenced by a manifest list, it cannot be expired or archived
 * without the manifest list being deleted or archived first", and ECR refuses to delete it. The hand-worked
 * repository: an old untagged index {@code gone} lists {@code child}; a tagged index {@code kept}, whose children
 * are unknown, stays.
 */
class UnknownChildrenTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private static List<Image> repository() {
        Instant old = NOW.minus(Duration.ofDays(40));
        Image child = image("child", old).build();
        Image gone = image("gone", old)
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(child.digest()))
                .build();
        Image kept =
                image("kept", old, "v1").manifestMediaType(MediaTypes.OCI_INDEX).build();
        return List.of(child, gone, kept);
    }

    private static Decision decision(Plan plan, String name) {
        return plan.decisions().stream()
                .filter(d -> d.digest().equals(digestOf(name)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void deleteUntaggedDeletesTheReadableIndexAndKeepsTheChildTheOtherMayList() {
        Plan plan = new UntaggedSelection(Duration.ofDays(1), 0).plan(repository(), NOW);

        assertThat(decision(plan, "gone").action()).isEqualTo(DecisionAction.DELETE);
        assertThat(decision(plan, "child").action()).isEqualTo(DecisionAction.KEEP);
        assertThat(decision(plan, "child").reason()).isEqualTo(Reason.INDEX_CHILDREN_UNKNOWN);
        assertThat(plan.keptForUnknownChildren())
                .as("the planner reads the manifests, or warns")
                .isEqualTo(1);
    }

    @Test
    void aLifecyclePreviewAndExpireKeepTheChildToo() {
        LifecyclePolicy policy = PolicyJson.check("{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":"
                        + "\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14},"
                        + "\"action\":{\"type\":\"expire\"}}]}")
                .policy()
                .orElseThrow();

        Plan preview = LifecycleEvaluator.evaluate(policy, repository(), NOW);
        Plan expire = LifecycleEvaluator.expireNow(policy, repository(), NOW, Pins.none(), true);

        for (Plan plan : List.of(preview, expire)) {
            assertThat(decision(plan, "gone").action()).isEqualTo(DecisionAction.EXPIRE);
            assertThat(decision(plan, "child").action()).isEqualTo(DecisionAction.KEEP);
            assertThat(decision(plan, "child").reason()).isEqualTo(Reason.INDEX_CHILDREN_UNKNOWN);
        }
    }

    @Test
    void aSweepKeepsTheChildToo() {
        SweepRule untagged = new SweepRule(
                1,
                "old untagged",
                TagStatus.UNTAGGED,
                null,
                null,
                List.of(),
                null,
                null,
                Duration.ofDays(14),
                null,
                SweepRule.Action.DELETE);

        Plan plan = SweepEvaluator.plan(List.of(untagged), RuleSet.Never.NONE, repository(), NOW, Pins.none());

        assertThat(decision(plan, "gone").action()).isEqualTo(DecisionAction.DELETE);
        assertThat(decision(plan, "child").action()).isEqualTo(DecisionAction.KEEP);
        assertThat(decision(plan, "child").reason()).isEqualTo(Reason.INDEX_CHILDREN_UNKNOWN);
    }

    @Test
    void withTheOtherIndexGoneTooTheChildGoesWithTheReadableOne() {
        List<Image> images = repository().stream()
                .map(i -> i.digest().equals(digestOf("kept"))
                        ? i.toBuilder().tags(List.of()).build()
                        : i)
                .toList();

        Plan plan = new UntaggedSelection(Duration.ofDays(1), 0).plan(images, NOW);

        assertThat(decision(plan, "kept").action()).isEqualTo(DecisionAction.DELETE);
        assertThat(plan.dependsOnUnknownChildren())
                .as("its children are read before it goes")
                .isTrue();
    }
}
