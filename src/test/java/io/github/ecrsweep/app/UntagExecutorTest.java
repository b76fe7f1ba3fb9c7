package io.github.ecrsweep.app;

import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.cli.MemoryRegistry;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.Pins;
import io.github.ecrsweep.rules.TagMutability;
import io.github.ecrsweep.rules.UntagSelection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Tags removed as planned or fewer, each batch read again right before its call, a throttled batch sent again. */
class UntagExecutorTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final String REPO = "web";

    /** Three images, each with a pull-request tag the plan removes and a tag it keeps. */
    private static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            images.add(image("img-" + i, NOW.minus(Duration.ofDays(40 + i)), "pr-" + i, "main-" + i)
                    .build());
        }
        return images;
    }

    private static List<Decision> untags(List<Image> images) {
        return new UntagSelection(List.of("pr-*"), List.of(), null, null, null, false)
                .plan(images, NOW, TagMutability.MUTABLE, Pins.none()).decisions().stream()
                        .filter(d -> d.action() == DecisionAction.UNTAG)
                        .toList();
    }

    @Test
    void theTagsGoAndTheImagesStayWithTheirOthers() {
        List<Image> images = images();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);

        Map<Digest, DeleteOutcome> outcomes =
                new UntagExecutor(registry, Cancellation.NEVER).execute(REPO, untags(images));

        assertThat(outcomes.values())
                .hasSize(3)
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(DeleteOutcome.Status.UNTAGGED));
        assertThat(registry.images.get(REPO))
                .hasSize(3)
                .allSatisfy(i -> assertThat(i.tags()).singleElement().asString().startsWith("main-"));
    }

    @Test
    void aThrottledBatchIsReadAgainAndSentAgainAfterAPause() {
        List<Image> images = images();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        AtomicInteger calls = new AtomicInteger();
        registry.beforeRemoveTags = (repo, tags) -> {
            if (calls.incrementAndGet() == 1) {
                throw MemoryRegistry.throttled(REPO, "BatchDeleteImage");
            }
        };
        List<Duration> pauses = new ArrayList<>();
        // During the pause, someone removes a tag the plan keeps from one image: it is then skipped, not stripped bare.
        Digest changed = images.get(1).digest();
        ThrottledBatches.Pause pause = wait -> {
            pauses.add(wait);
            registry.images.put(
                    REPO,
                    new ArrayList<>(registry.images.get(REPO).stream()
                            .map(i -> i.digest().equals(changed)
                                    ? i.toBuilder().tags(List.of("pr-1")).build()
                                    : i)
                            .toList()));
            return true;
        };

        Map<Digest, DeleteOutcome> outcomes =
                new UntagExecutor(registry, Cancellation.NEVER, pause).execute(REPO, untags(images));

        assertThat(pauses)
                .singleElement()
                .satisfies(p -> assertThat(p).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(registry.describes).hasSize(2);
        assertThat(calls).hasValue(2);
        assertThat(registry.tagRemovals)
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).containsExactlyInAnyOrder("pr-0", "pr-2"));
        assertThat(outcomes.get(changed).skip()).isEqualTo(SkipReason.TAGGED_SINCE_PLAN);
        assertThat(outcomes.values())
                .filteredOn(o -> o.status() == DeleteOutcome.Status.UNTAGGED)
                .hasSize(2);
    }

    @Test
    void aCancellationDuringThePauseSendsNothingMore() {
        List<Image> images = images();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        registry.beforeRemoveTags = (repo, tags) -> {
            throw MemoryRegistry.throttled(REPO, "BatchDeleteImage");
        };

        Map<Digest, DeleteOutcome> outcomes =
                new UntagExecutor(registry, Cancellation.NEVER, wait -> false).execute(REPO, untags(images));

        assertThat(registry.tagRemovals).isEmpty();
        assertThat(outcomes.values())
                .hasSize(3)
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(DeleteOutcome.Status.NOT_ATTEMPTED));
    }
}
