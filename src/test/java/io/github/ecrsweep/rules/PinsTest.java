package io.github.ecrsweep.rules;

import static io.github.ecrsweep.rules.TestImages.digestOf;
import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What is in use stays, with the graph that holds it, and says which source keeps it. */
class PinsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(40));

    // An untagged multi-arch index with two platform images and an OCI signature, and an unused image.
    private final Image amd64 = image("amd64", OLD).build();
    private final Image arm64 = image("arm64", OLD).build();
    private final Image index = image("index", OLD)
            .manifestMediaType(MediaTypes.OCI_INDEX)
            .childDigests(List.of(digestOf("amd64"), digestOf("arm64")))
            .build();
    private final Image signature =
            image("signature", OLD).subjectDigest(digestOf("index")).build();
    private final Image unused = image("unused", OLD).build();
    private final List<Image> images = List.of(amd64, arm64, index, signature, unused);

    private Map<Digest, Decision> untagged(Pins pins) {
        return UntaggedSelection.all().plan(images, NOW, d -> false, pins).decisions().stream()
                .collect(Collectors.toMap(Decision::digest, Function.identity()));
    }

    @Test
    void whyNamesEverySourceThatHoldsAnImageWithThePathThroughTheGraph() {
        Image tagged = image("tagged-amd64", OLD, "prod").build();
        List<Image> all = List.of(amd64, arm64, index, signature, unused, tagged);
        Pins pins = Pins.builder()
                .digest(arm64.digest(), "k8s:pod/payments/api-7f9")
                .digest(amd64.digest(), "file:pins.txt:2")
                .tag("prod", "ecs:service/prod/web")
                .build();

        // The signature is held through its subject, the index, which holds because a pinned child lists it.
        assertThat(pins.why(all, signature.digest()))
                .containsExactlyInAnyOrder(
                        "k8s:pod/payments/api-7f9: " + arm64.digest().shortForm() + " (by digest) -> index "
                                + index.digest().shortForm() + " -> referrer "
                                + signature.digest().shortForm(),
                        "file:pins.txt:2: " + amd64.digest().shortForm() + " (by digest) -> index "
                                + index.digest().shortForm() + " -> referrer "
                                + signature.digest().shortForm());
        assertThat(pins.why(all, tagged.digest()))
                .containsExactly("ecs:service/prod/web: " + tagged.digest().shortForm() + " (by tag prod)");
        assertThat(pins.why(all, unused.digest())).isEmpty();
        assertThat(pins.why(all, digestOf("not-here"))).isEmpty();
    }

    @Test
    void aPinnedIndexKeepsItsChildrenAndReferrersWithItsSource() {
        Map<Digest, Decision> plan = untagged(
                Pins.builder().digest(index.digest(), "ecs:service/prod/web").build());

        for (Image kept : List.of(index, amd64, arm64, signature)) {
            Decision d = plan.get(kept.digest());
            assertThat(d.action()).isEqualTo(DecisionAction.KEEP);
            assertThat(d.reason()).isEqualTo(Reason.IN_USE);
            assertThat(d.inUse()).containsExactly("ecs:service/prod/web");
        }
        assertThat(plan.get(unused.digest()).action()).isEqualTo(DecisionAction.DELETE);
        assertThat(plan.get(unused.digest()).inUse()).isEmpty();
    }

    @Test
    void aPinnedChildKeepsItsIndexAndTheIndexsOtherChildren() {
        Map<Digest, Decision> plan = untagged(Pins.builder()
                .digest(arm64.digest(), "k8s:pod/payments/api-7f9")
                .build());

        assertThat(plan.get(index.digest()).reason()).isEqualTo(Reason.IN_USE);
        assertThat(plan.get(amd64.digest()).reason()).isEqualTo(Reason.IN_USE);
        assertThat(plan.get(signature.digest()).inUse()).containsExactly("k8s:pod/payments/api-7f9");
        assertThat(plan.get(unused.digest()).action()).isEqualTo(DecisionAction.DELETE);
    }

    @Test
    void everySourceIsNamedOnceAndAPlanWithoutPinsIsUnchanged() {
        Pins pins = Pins.builder()
                .digest(index.digest(), "lambda:function/resize:live")
                .digest(index.digest(), "file:pins.txt:3")
                .digest(index.digest(), "lambda:function/resize:live")
                .build();

        assertThat(untagged(pins).get(index.digest()).inUse())
                .containsExactly("lambda:function/resize:live", "file:pins.txt:3");
        assertThat(UntaggedSelection.all()
                        .plan(images, NOW, d -> false, Pins.none())
                        .decisions())
                .isEqualTo(UntaggedSelection.all().plan(images, NOW).decisions());
    }

    @Test
    void aTagPinHoldsTheImageThatHasTheTagWhenThePlanIsMade() {
        Image prod = image("prod", OLD, "prod").build();
        Image old = image("old", OLD.minusSeconds(60), "v1").build();
        LifecyclePolicy keepNone = io.github.ecrsweep.rules.json.PolicyJson.check(
                        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\","
                                + "\"countUnit\":\"days\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}")
                .policy()
                .orElseThrow();

        Plan plan = LifecycleEvaluator.evaluate(
                keepNone,
                List.of(prod, old),
                NOW,
                Pins.builder().tag("prod", "ecs:task-definition/web:7").build());

        Decision flagged = plan.decisions().stream()
                .filter(d -> d.digest().equals(prod.digest()))
                .findFirst()
                .orElseThrow();
        assertThat(flagged.action()).as("the preview stays exact to ECR").isEqualTo(DecisionAction.EXPIRE);
        assertThat(flagged.inUse()).containsExactly("ecs:task-definition/web:7");
        assertThat(plan.actionsInUse()).hasSize(1);
        assertThat(plan.keptInUse()).isZero();
    }
}
