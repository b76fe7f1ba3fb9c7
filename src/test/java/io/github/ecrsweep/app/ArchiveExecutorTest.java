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
import io.github.ecrsweep.rules.ImageKind;
import io.github.ecrsweep.rules.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Archives as planned or fewer; an image whose call ECR kept throttling is read again and sent again. */
class ArchiveExecutorTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final String REPO = "web";

    private static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            images.add(image("old-" + i, NOW.minus(Duration.ofDays(400 + i)), "v" + i)
                    .build());
        }
        return images;
    }

    private static List<Decision> transitions(List<Image> images) {
        return images.stream()
                .map(i ->
                        new Decision(i, DecisionAction.TRANSITION, Reason.SINCE_IMAGE_PUSHED, 1, 0, 0, ImageKind.IMAGE))
                .toList();
    }

    @Test
    void aThrottledImageIsReadAgainAndSentAgainAfterAPause() {
        List<Image> images = images();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        Digest first = images.get(0).digest();
        AtomicInteger calls = new AtomicInteger();
        registry.beforeArchive = (repo, digest) -> {
            if (digest.equals(first) && calls.incrementAndGet() <= 2) {
                throw MemoryRegistry.throttled(REPO, "UpdateImageStorageClass");
            }
        };
        List<Duration> pauses = new ArrayList<>();

        Map<Digest, DeleteOutcome> outcomes = new ArchiveExecutor(registry, Cancellation.NEVER, false, p -> {
                    pauses.add(p);
                    return true;
                })
                .execute(REPO, transitions(images));

        assertThat(outcomes.values())
                .hasSize(3)
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(DeleteOutcome.Status.ARCHIVED));
        assertThat(pauses).hasSize(2);
        // The batch's look, then one look of the image before each call sent again.
        assertThat(registry.describes).hasSize(3);
        assertThat(registry.describes.get(1).getValue()).containsExactly(first);
    }

    @Test
    void anImageRetaggedDuringThePauseIsSkippedNotArchived() {
        List<Image> images = images();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        Digest first = images.get(0).digest();
        registry.beforeArchive = (repo, digest) -> {
            if (digest.equals(first) && registry.archived.isEmpty()) {
                throw MemoryRegistry.throttled(REPO, "UpdateImageStorageClass");
            }
        };

        Map<Digest, DeleteOutcome> outcomes = new ArchiveExecutor(registry, Cancellation.NEVER, false, p -> {
                    registry.tag(REPO, first, "hotfix");
                    return true;
                })
                .execute(REPO, transitions(images));

        assertThat(outcomes.get(first).skip()).isEqualTo(SkipReason.TAGGED_SINCE_PLAN);
        assertThat(registry.archived).doesNotContain(first).hasSize(2);
    }

    /** The first image's outcome when ECR throttles its every call, each pause ending as {@code pause} says. */
    private static Map.Entry<DeleteOutcome, MemoryRegistry> firstAlwaysThrottled(ThrottledBatches.Pause pause) {
        List<Image> images = images();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        Digest first = images.get(0).digest();
        registry.beforeArchive = (repo, digest) -> {
            if (digest.equals(first)) {
                throw MemoryRegistry.throttled(REPO, "UpdateImageStorageClass");
            }
        };
        Map<Digest, DeleteOutcome> outcomes =
                new ArchiveExecutor(registry, Cancellation.NEVER, false, pause).execute(REPO, transitions(images));
        assertThat(registry.archived).hasSize(2).doesNotContain(first);
        return Map.entry(outcomes.get(first), registry);
    }

    @Test
    void throttlingPastEveryPauseFailsTheImageAndTheOthersGoOn() {
        DeleteOutcome first = firstAlwaysThrottled(p -> true).getKey();

        assertThat(first.status()).isEqualTo(DeleteOutcome.Status.FAILED);
        assertThat(first.code()).isEqualTo("ThrottlingException");
    }

    @Test
    void aCancellationDuringThePauseLeavesTheImageNotAttempted() {
        var first = firstAlwaysThrottled(p -> false);

        assertThat(first.getKey().status()).isEqualTo(DeleteOutcome.Status.NOT_ATTEMPTED);
        assertThat(first.getValue().describes).hasSize(1);
    }
}
