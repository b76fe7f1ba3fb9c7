package io.github.ecrsweep.app;

import static io.github.ecrsweep.rules.TestImages.digestOf;
import static io.github.ecrsweep.rules.TestImages.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.cli.MemoryRegistry;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.MediaTypes;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Nothing deleted that changed since the plan, nothing deleted whose index or subject stays, only what ECR confirms. */
class DeletionExecutorTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final String REPO = "web";

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    /** An untagged index with two children, its OCI signature, and 150 loose untagged images: three calls in wave 0. */
    private static List<Image> repository() {
        List<Image> images = new ArrayList<>();
        Image amd = image("amd", daysAgo(30)).build();
        Image arm = image("arm", daysAgo(30)).build();
        Image index = image("index", daysAgo(30))
                .manifestMediaType(MediaTypes.OCI_INDEX)
                .childDigests(List.of(amd.digest(), arm.digest()))
                .build();
        images.add(amd);
        images.add(arm);
        images.add(index);
        images.add(image("signature", daysAgo(29)).subjectDigest(index.digest()).build());
        for (int i = 0; i < 150; i++) {
            images.add(image("loose-" + i, daysAgo(40).plusSeconds(i)).build());
        }
        return images;
    }

    private static Plan plan(List<Image> images) {
        return UntaggedSelection.all().plan(images, NOW);
    }

    @Test
    void anImageTaggedBeforeItsBatchIsReadAgainAndSkipped() {
        List<Image> images = repository();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        Plan plan = plan(images);
        Digest amd = digestOf("amd");
        // While the first call runs, someone pushes a tag onto a child the plan deletes in a later wave.
        registry.beforeDelete = (repo, batch) -> {
            if (registry.deletions.isEmpty()) {
                registry.tag(REPO, amd, "hotfix");
            }
        };

        Map<Digest, DeleteOutcome> outcomes = new DeletionExecutor(registry, Cancellation.NEVER).execute(REPO, plan);

        assertThat(outcomes.get(amd).status()).isEqualTo(DeleteOutcome.Status.SKIPPED);
        assertThat(outcomes.get(amd).skip()).isEqualTo(SkipReason.TAGGED_SINCE_PLAN);
        assertThat(outcomes.get(amd).detail()).contains("hotfix");
        assertThat(registry.images.get(REPO)).extracting(Image::digest).containsExactly(amd);
        assertThat(outcomes.values())
                .filteredOn(o -> o.status() == DeleteOutcome.Status.DELETED)
                .hasSize(plan.actions().size() - 1);
        // one re-read per deletion call, of exactly that call's images
        assertThat(registry.describes).hasSameSizeAs(registry.deletions);
    }

    @Test
    void anImageGoneBeforeItsBatchIsSkippedAsGoneAndItsDependantsStillGo() {
        List<Image> images = repository();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        Digest index = digestOf("index");
        registry.images.get(REPO).removeIf(i -> i.digest().equals(index));

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER).execute(REPO, plan(images));

        assertThat(outcomes.get(index).skip()).isEqualTo(SkipReason.GONE_SINCE_PLAN);
        assertThat(outcomes.get(digestOf("amd")).status()).isEqualTo(DeleteOutcome.Status.DELETED);
        assertThat(outcomes.get(digestOf("signature")).status()).isEqualTo(DeleteOutcome.Status.DELETED);
        assertThat(registry.images.get(REPO)).isEmpty();
    }

    @Test
    void childrenAndReferrersStayWhenTheirIndexOrSubjectWasNotDeleted() {
        List<Image> images = repository();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        registry.deleteFailures.put(digestOf("index"), "KmsError");

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER).execute(REPO, plan(images));

        assertThat(outcomes.get(digestOf("index")).status()).isEqualTo(DeleteOutcome.Status.FAILED);
        assertThat(outcomes.get(digestOf("amd")).skip()).isEqualTo(SkipReason.INDEX_KEPT);
        assertThat(outcomes.get(digestOf("arm")).skip()).isEqualTo(SkipReason.INDEX_KEPT);
        assertThat(outcomes.get(digestOf("signature")).skip()).isEqualTo(SkipReason.SUBJECT_KEPT);
        assertThat(registry.images.get(REPO))
                .extracting(Image::digest)
                .containsExactlyInAnyOrder(digestOf("index"), digestOf("amd"), digestOf("arm"), digestOf("signature"));
    }

    @Test
    void aReferrerIsDeletedInTheWaveAfterItsSubject() {
        List<Image> images = repository();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);

        new DeletionExecutor(registry, Cancellation.NEVER).execute(REPO, plan(images));

        int subjectCall = -1;
        int referrerCall = -1;
        for (int k = 0; k < registry.deletions.size(); k++) {
            List<Digest> call = registry.deletions.get(k).getValue();
            subjectCall = call.contains(digestOf("index")) ? k : subjectCall;
            referrerCall = call.contains(digestOf("signature")) ? k : referrerCall;
        }
        assertThat(referrerCall).isGreaterThan(subjectCall);
    }

    @Test
    void aTagPushedAfterTheLastLookIsReportedAsDeletedWithTheImage() {
        List<Image> images = List.of(image("lone", daysAgo(30)).build());
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        registry.beforeDelete = (repo, batch) -> registry.tag(REPO, digestOf("lone"), "v9");

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER).execute(REPO, plan(images));

        assertThat(outcomes.get(digestOf("lone")).deletedTags()).containsExactly("v9");
    }

    @Test
    void afterACancellationNothingMoreIsSent() {
        List<Image> images = repository();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        AtomicBoolean cancelled = new AtomicBoolean();
        registry.beforeDelete = (repo, batch) -> cancelled.set(true);

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.when(cancelled::get)).execute(REPO, plan(images));

        assertThat(registry.deletions).hasSize(1);
        assertThat(outcomes.values())
                .filteredOn(o -> o.status() == DeleteOutcome.Status.DELETED)
                .hasSize(registry.deletions.get(0).getValue().size());
        assertThat(outcomes.values())
                .filteredOn(o -> o.status() == DeleteOutcome.Status.NOT_ATTEMPTED)
                .isNotEmpty();
        assertThat(outcomes).hasSize(plan(images).actions().size());
    }

    @Test
    void anImageTaggedWhileItsCallWasInFlightIsDeletedWithNewTagsAndSaidSo() {
        List<Image> images = repository();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        Plan plan = plan(images);
        Digest loose = digestOf("loose-0");
        // After the check right before the call, and before ECR deletes: a push of a tag onto an image in the call.
        registry.beforeDelete = (repo, batch) -> {
            if (batch.contains(loose)) {
                registry.tag(REPO, loose, "release");
            }
        };

        Map<Digest, DeleteOutcome> outcomes = new DeletionExecutor(registry, Cancellation.NEVER).execute(REPO, plan);

        assertThat(outcomes.get(loose).status()).isEqualTo(DeleteOutcome.Status.DELETED_WITH_NEW_TAGS);
        assertThat(outcomes.get(loose).deletedTags()).containsExactly("release");
        assertThat(outcomes.values())
                .filteredOn(o -> o.status() == DeleteOutcome.Status.DELETED)
                .hasSize(plan.actions().size() - 1);
    }

    @Test
    void aCallWhoseAnswerWasLostIsReadAgainToTellDeletedFromNotDeleted() {
        List<Image> images = repository();
        Digest kms = digestOf("loose-1");
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        // ECR deletes each batch, but the answer is lost: the call fails for every image; one truly failed.
        registry.answer = done -> done.stream()
                .map(o -> DeleteOutcome.failed(o.digest(), "Reset", "connection reset"))
                .toList();
        registry.deleteFailures.put(kms, "KmsError");
        Plan plan = plan(images);

        Map<Digest, DeleteOutcome> outcomes = new DeletionExecutor(registry, Cancellation.NEVER).execute(REPO, plan);

        assertThat(outcomes.get(kms).status()).isEqualTo(DeleteOutcome.Status.FAILED);
        assertThat(outcomes.values())
                .filteredOn(o -> o.status() == DeleteOutcome.Status.DELETED)
                .hasSize(plan.actions().size() - 1)
                .allSatisfy(o -> assertThat(o.detail()).contains("gone when read again after the delete call failed"));
    }

    /** Five untagged images, one call. */
    private static List<Image> loose() {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(image("lone-" + i, daysAgo(40).plusSeconds(i)).build());
        }
        return images;
    }

    /** The pauses asked for, each waited out at once (or, with {@code cancelled}, refused as a cancellation would). */
    private static final class Pauses implements ThrottledBatches.Pause {
        final List<Duration> asked = new ArrayList<>();
        Runnable during = () -> {};
        boolean cancelled;

        @Override
        public boolean waitOut(Duration pause) {
            asked.add(pause);
            during.run();
            return !cancelled;
        }
    }

    @Test
    void aBatchEcrKeptThrottlingIsReadAgainAndSentAgainAfterGrowingPauses() {
        List<Image> images = loose();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        AtomicInteger calls = new AtomicInteger();
        registry.beforeDelete = (repo, batch) -> {
            if (calls.incrementAndGet() <= 2) {
                throw MemoryRegistry.throttled(REPO, "BatchDeleteImage");
            }
        };
        Pauses pauses = new Pauses();

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER, pauses).execute(REPO, plan(images));

        assertThat(outcomes.values())
                .hasSize(5)
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(DeleteOutcome.Status.DELETED));
        assertThat(pauses.asked).hasSize(2);
        assertThat(pauses.asked.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(pauses.asked.get(1)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        // Each round looked at the images again right before its call.
        assertThat(registry.describes).hasSize(3);
        assertThat(registry.deletions).hasSize(1);
    }

    @Test
    void anImageTaggedDuringThePauseIsSkippedWhenTheBatchIsSentAgain() {
        List<Image> images = loose();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        AtomicInteger calls = new AtomicInteger();
        registry.beforeDelete = (repo, batch) -> {
            if (calls.incrementAndGet() == 1) {
                throw MemoryRegistry.throttled(REPO, "BatchDeleteImage");
            }
        };
        Digest tagged = digestOf("lone-2");
        Pauses pauses = new Pauses();
        pauses.during = () -> registry.tag(REPO, tagged, "release");

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER, pauses).execute(REPO, plan(images));

        assertThat(outcomes.get(tagged).skip()).isEqualTo(SkipReason.TAGGED_SINCE_PLAN);
        assertThat(registry.deletions.get(0).getValue()).hasSize(4).doesNotContain(tagged);
        assertThat(outcomes.values())
                .filteredOn(o -> o.status() == DeleteOutcome.Status.DELETED)
                .hasSize(4);
    }

    @Test
    void aLookEcrKeptThrottlingIsTriedAgainToo() {
        List<Image> images = loose();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        AtomicInteger looks = new AtomicInteger();
        registry.beforeDescribe = (repo, digests) -> {
            if (looks.incrementAndGet() == 1) {
                throw MemoryRegistry.throttled(REPO, "DescribeImages");
            }
        };
        Pauses pauses = new Pauses();

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER, pauses).execute(REPO, plan(images));

        assertThat(pauses.asked).hasSize(1);
        assertThat(outcomes.values())
                .hasSize(5)
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(DeleteOutcome.Status.DELETED));
    }

    @Test
    void throttlingPastEveryPauseFailsTheBatchsImagesAsBefore() {
        List<Image> images = loose();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        AtomicInteger calls = new AtomicInteger();
        registry.beforeDelete = (repo, batch) -> {
            calls.incrementAndGet();
            throw MemoryRegistry.throttled(REPO, "BatchDeleteImage");
        };
        Pauses pauses = new Pauses();

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER, pauses).execute(REPO, plan(images));

        assertThat(pauses.asked).hasSize(ThrottledBatches.PAUSES.size());
        assertThat(calls).hasValue(ThrottledBatches.PAUSES.size() + 1);
        assertThat(registry.images.get(REPO)).hasSize(5);
        assertThat(outcomes.values()).hasSize(5).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(DeleteOutcome.Status.FAILED);
            assertThat(o.code()).isEqualTo("ThrottlingException");
        });
    }

    @Test
    void aLookThrottledPastEveryPauseFailsItsImagesAsBeforeAndDeletesNothing() {
        List<Image> images = loose();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        registry.beforeDescribe = (repo, digests) -> {
            throw MemoryRegistry.throttled(REPO, "DescribeImages");
        };
        Pauses pauses = new Pauses();

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER, pauses).execute(REPO, plan(images));

        assertThat(registry.deletions).isEmpty();
        assertThat(pauses.asked).hasSize(ThrottledBatches.PAUSES.size());
        assertThat(outcomes.values()).hasSize(5).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(DeleteOutcome.Status.FAILED);
            assertThat(o.detail()).contains("could not be checked again first");
        });
    }

    @Test
    void aCancellationDuringThePauseSendsNothingMore() {
        List<Image> images = loose();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        registry.beforeDelete = (repo, batch) -> {
            throw MemoryRegistry.throttled(REPO, "BatchDeleteImage");
        };
        Pauses pauses = new Pauses();
        pauses.cancelled = true;

        Map<Digest, DeleteOutcome> outcomes =
                new DeletionExecutor(registry, Cancellation.NEVER, pauses).execute(REPO, plan(images));

        assertThat(pauses.asked).hasSize(1);
        assertThat(registry.describes).hasSize(1);
        assertThat(outcomes.values())
                .hasSize(5)
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(DeleteOutcome.Status.NOT_ATTEMPTED));
    }

    @Test
    void otherFailuresAreNotSentAgain() {
        List<Image> images = loose();
        MemoryRegistry registry = MemoryRegistry.with(REPO, images);
        registry.beforeDelete = (repo, batch) -> {
            throw new RegistryException(
                    RegistryException.Kind.ACCESS_DENIED, REPO, "BatchDeleteImage", "AccessDenied", "denied", null);
        };
        Pauses pauses = new Pauses();
        DeletionExecutor executor = new DeletionExecutor(registry, Cancellation.NEVER, pauses);

        assertThatThrownBy(() -> executor.execute(REPO, plan(images)))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.ACCESS_DENIED));
        assertThat(pauses.asked).isEmpty();
    }
}
