package io.github.ecrsweep.rules;

import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreSelectionTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private static Image archived(String name, int daysAgo, String... tags) {
        return image(name, NOW.minus(Duration.ofDays(daysAgo)), tags)
                .status(ImageStatus.ARCHIVED)
                .build();
    }

    private static Decision decision(Plan plan, Image image) {
        return plan.decisions().stream()
                .filter(d -> d.digest().equals(image.digest()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anIndexComesBackWithItsArchivedChildrenAndASubjectWithItsReferrers() {
        Image child = archived("child", 100);
        Image activeChild =
                image("active-child", NOW.minus(Duration.ofDays(100))).build();
        Image index = image("index", NOW.minus(Duration.ofDays(100)), "v1")
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(child.digest(), activeChild.digest()))
                .status(ImageStatus.ARCHIVED)
                .build();
        Image signature = image("sig", NOW.minus(Duration.ofDays(99)))
                .subjectDigest(index.digest())
                .artifactMediaType("application/vnd.dev.cosign.artifact.sig.v1+json")
                .status(ImageStatus.ARCHIVED)
                .build();
        Image other = archived("other", 100, "v0");

        Plan plan = new RestoreSelection(List.of("v1"), List.of(), null, null)
                .plan(List.of(index, child, activeChild, signature, other), NOW);

        assertThat(decision(plan, index).reason()).isEqualTo(Reason.RESTORE_SELECTED);
        assertThat(decision(plan, child).reason()).isEqualTo(Reason.CHILD_OF_RESTORED_INDEX);
        assertThat(decision(plan, child).wave()).isEqualTo(1);
        assertThat(decision(plan, signature).reason()).isEqualTo(Reason.SUBJECT_RESTORED);
        assertThat(decision(plan, activeChild).isKeep()).isTrue();
        assertThat(decision(plan, other).reason()).isEqualTo(Reason.NOT_SELECTED);
        assertThat(plan.bytes(DecisionAction.RESTORE))
                .isEqualTo(plan.actions().stream().mapToLong(Decision::bytes).sum());
        assertThat(plan.removedBytes()).isZero();
    }

    @Test
    void digestsAndAgesSelectAndWhatIsNotArchivedStays() {
        Image old = archived("old", 200, "a");
        Image recent = archived("recent", 10, "b");
        Image activating = image("activating", NOW.minus(Duration.ofDays(300)), "c")
                .status(ImageStatus.ACTIVATING)
                .build();

        Plan byAge = new RestoreSelection(List.of(), List.of(), Duration.ofDays(100), null)
                .plan(List.of(old, recent, activating), NOW);
        Plan byDigest = new RestoreSelection(List.of(), List.of(recent.digest()), null, null)
                .plan(List.of(old, recent, activating), NOW);
        Plan newer =
                new RestoreSelection(List.of(), List.of(), null, Duration.ofDays(30)).plan(List.of(old, recent), NOW);

        assertThat(byAge.actions()).extracting(Decision::digest).containsExactly(old.digest());
        assertThat(decision(byAge, activating).reason()).isEqualTo(Reason.NOT_ARCHIVED);
        assertThat(byDigest.actions()).extracting(Decision::digest).containsExactly(recent.digest());
        assertThat(newer.actions()).extracting(Decision::digest).containsExactly(recent.digest());
        assertThatThrownBy(() -> new RestoreSelection(List.of(), List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
