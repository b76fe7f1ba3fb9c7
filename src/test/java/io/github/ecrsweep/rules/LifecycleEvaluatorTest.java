package io.github.ecrsweep.rules;

import static io.github.ecrsweep.rules.TestImages.digestOf;
import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.rules.json.PolicyJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Semantics the AWS worked examples do not pin down on their own. */
class LifecycleEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private static LifecyclePolicy policy(String rules) {
        String text = "{\"rules\":[" + rules + "]}";
        return PolicyJson.check(text.length() >= 100 ? text : text + " ".repeat(100 - text.length()))
                .policy()
                .orElseThrow();
    }

    private static String rule(int priority, String selection, String action) {
        return "{\"rulePriority\":" + priority + ",\"selection\":{" + selection + "},\"action\":{" + action + "}}";
    }

    private static final String EXPIRE = "\"type\":\"expire\"";
    private static final String ARCHIVE = "\"type\":\"transition\",\"targetStorageClass\":\"archive\"";

    private static Map<String, Decision> decide(LifecyclePolicy policy, Map<String, Image> images) {
        Plan plan = LifecycleEvaluator.evaluate(policy, images.values(), NOW);
        Map<String, Decision> byName = new HashMap<>();
        images.forEach((name, image) -> byName.put(
                name,
                plan.decisions().stream()
                        .filter(d -> d.digest().equals(image.digest()))
                        .findFirst()
                        .orElseThrow()));
        return byName;
    }

    private static Instant ago(Duration d) {
        return NOW.minus(d);
    }

    @Test
    void olderThanNDaysIsStrict() {
        LifecyclePolicy p = policy(rule(
                1,
                "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14",
                EXPIRE));
        Map<String, Decision> d = decide(
                p,
                Map.of(
                        "exactly", image("exactly", ago(Duration.ofDays(14))).build(),
                        "justOver",
                                image("justOver", ago(Duration.ofDays(14).plusSeconds(1)))
                                        .build()));

        assertThat(d.get("exactly").action()).isEqualTo(DecisionAction.KEEP);
        assertThat(d.get("exactly").reason()).isEqualTo(Reason.NOT_OLD_ENOUGH);
        assertThat(d.get("justOver").action()).isEqualTo(DecisionAction.EXPIRE);
    }

    @Test
    void aRestoredImageAgesFromItsRestore() {
        LifecyclePolicy p = policy(rule(
                1,
                "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30",
                EXPIRE));
        Map<String, Decision> d = decide(
                p,
                Map.of(
                        "restored",
                                image("restored", ago(Duration.ofDays(400)))
                                        .lastActivatedAt(ago(Duration.ofDays(2)))
                                        .build(),
                        "old", image("old", ago(Duration.ofDays(400))).build()));

        assertThat(d.get("restored").action()).isEqualTo(DecisionAction.KEEP);
        assertThat(d.get("old").action()).isEqualTo(DecisionAction.EXPIRE);
    }

    @Test
    void aRuleCanLeaveNoImageBecauseClaimedImagesStillHoldItsKeptSlots() {
        LifecyclePolicy p = policy(rule(
                        1,
                        "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"prod*\"],\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":1",
                        EXPIRE)
                + ","
                + rule(2, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1", EXPIRE));
        Map<String, Decision> d = decide(
                p,
                Map.of(
                        "newestProd",
                                image("newestProd", ago(Duration.ofDays(2)), "prod-9")
                                        .build(),
                        "y", image("y", ago(Duration.ofDays(5))).build(),
                        "x", image("x", ago(Duration.ofDays(10))).build()));

        assertThat(d.get("newestProd").rulePriority()).isEqualTo(1);
        assertThat(d.get("y").rulePriority()).isEqualTo(2);
        assertThat(d.get("x").rulePriority()).isEqualTo(2);
        assertThat(d.values()).noneMatch(Decision::isKeep);
    }

    @Test
    void equalPushTimesAreRankedByDigestSoThePlanIsStable() {
        // ECR leaves ties unspecified; ecrsweep ranks the larger digest as the newer.
        LifecyclePolicy p =
                policy(rule(1, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1", EXPIRE));
        Instant same = ago(Duration.ofDays(3));
        Map<String, Image> images =
                Map.of("a", image("a", same).build(), "b", image("b", same).build());

        Map<String, Decision> d = decide(p, images);

        String larger = digestOf("a").compareTo(digestOf("b")) > 0 ? "a" : "b";
        String smaller = larger.equals("a") ? "b" : "a";
        assertThat(d.get(larger).isKeep()).isTrue();
        assertThat(d.get(smaller).action()).isEqualTo(DecisionAction.EXPIRE);
    }

    @Test
    void aChildOfATransitionedIndexMayBeTransitionedButNotExpired() {
        Image amd = image("amd", ago(Duration.ofDays(100))).build();
        Image index = image("index", ago(Duration.ofDays(100)), "v1")
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(amd.digest()))
                .build();

        Map<String, Decision> archived = decide(
                policy(rule(
                        1,
                        "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30",
                        ARCHIVE)),
                Map.of("index", index, "amd", amd));
        assertThat(archived.get("index").action()).isEqualTo(DecisionAction.TRANSITION);
        assertThat(archived.get("amd").action()).isEqualTo(DecisionAction.TRANSITION);

        Map<String, Decision> mixed = decide(
                policy(rule(
                                1,
                                "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"v*\"],\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30",
                                ARCHIVE)
                        + ","
                        + rule(
                                2,
                                "\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30",
                                EXPIRE)),
                Map.of("index", index, "amd", amd));
        assertThat(mixed.get("index").action()).isEqualTo(DecisionAction.TRANSITION);
        assertThat(mixed.get("amd").action()).isEqualTo(DecisionAction.KEEP);
        assertThat(mixed.get("amd").reason()).isEqualTo(Reason.CHILD_OF_KEPT_INDEX);
        assertThat(mixed.get("amd").rulePriority()).isEqualTo(2);
    }

    @Test
    void anImageBeingRestoredIsNeverSelected() {
        LifecyclePolicy p =
                policy(rule(1, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1", EXPIRE));
        Map<String, Decision> d = decide(
                p,
                Map.of(
                        "restoring",
                                image("restoring", ago(Duration.ofDays(300)))
                                        .status(ImageStatus.ACTIVATING)
                                        .build(),
                        "a", image("a", ago(Duration.ofDays(2))).build(),
                        "b", image("b", ago(Duration.ofDays(1))).build()));

        assertThat(d.get("restoring").reason()).isEqualTo(Reason.RESTORING);
        assertThat(d.get("a").action()).isEqualTo(DecisionAction.EXPIRE);
    }

    @Test
    void planCountsActionsAndNeverCountsAnIndexesSharedBytesTwice() {
        Image amd = image("amd", ago(Duration.ofDays(40))).sizeInBytes(100).build();
        Image arm = image("arm", ago(Duration.ofDays(40))).sizeInBytes(90).build();
        Image index = image("index", ago(Duration.ofDays(40)), "old")
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(amd.digest(), arm.digest()))
                .sizeInBytes(100)
                .build();
        Image lone = image("lone", ago(Duration.ofDays(40)), "solo")
                .manifestMediaType(MediaTypes.DOCKER_MANIFEST_LIST)
                .childDigests(List.of(digestOf("elsewhere")))
                .sizeInBytes(70)
                .build();
        Image fresh =
                image("fresh", ago(Duration.ofDays(1)), "new").sizeInBytes(5).build();

        Plan plan = LifecycleEvaluator.evaluate(
                policy(rule(
                        1,
                        "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30",
                        EXPIRE)),
                List.of(amd, arm, index, lone, fresh),
                NOW);

        assertThat(plan.count(DecisionAction.EXPIRE)).isEqualTo(4);
        assertThat(plan.count(DecisionAction.KEEP)).isEqualTo(1);
        // amd + arm; an index's own size is its largest child's, and its children are images of the repository
        assertThat(plan.removedBytes()).isEqualTo(100 + 90);
        assertThat(plan.waves()).hasSize(2);
        assertThat(plan.waves().get(0))
                .extracting(Decision::digest)
                .containsExactlyInAnyOrder(index.digest(), lone.digest());
        assertThat(plan.waves().get(1))
                .extracting(Decision::digest)
                .containsExactlyInAnyOrder(amd.digest(), arm.digest());
        assertThat(plan.decisions().get(plan.decisions().size() - 1).digest()).isEqualTo(fresh.digest());

        Plan compact = plan.withoutKept();
        assertThat(compact.decisions()).isEqualTo(plan.actions());
        assertThat(compact.counts()).isEqualTo(plan.counts());
        assertThat(compact.removedBytes()).isEqualTo(plan.removedBytes());
        assertThat(compact.waves()).isEqualTo(plan.waves());
    }
}
