package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.ImageStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives a plan's transitions now, or starts its restores (ECR's UpdateImageStorageClass, one image per call),
 * exactly as planned or less: wave by wave (an index before its children), each batch of up to
 * {@link Registry#MAX_BATCH} read again first, and an image that is gone, or no longer in the storage class it
 * leaves, is skipped with the reason (an archive also skips an image tagged otherwise since the plan). An image whose
 * call ECR throttled through every attempt is read again and sent again after a pause ({@link ThrottledBatches}).
 * After a cancellation nothing more is sent.
 */
public final class ArchiveExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveExecutor.class);

    private final Registry registry;
    private final Cancellation cancellation;
    private final boolean restore;
    private final ThrottledBatches.Pause pause;

    /** The archiving one. */
    public ArchiveExecutor(Registry registry, Cancellation cancellation) {
        this(registry, cancellation, false, ThrottledBatches.sleeping(cancellation));
    }

    /** With {@code pause} waiting out the pauses before a throttled call is sent again. */
    ArchiveExecutor(Registry registry, Cancellation cancellation, boolean restore, ThrottledBatches.Pause pause) {
        this.registry = registry;
        this.cancellation = cancellation;
        this.restore = restore;
        this.pause = pause;
    }

    /** The one that starts restores from the archive. */
    public static ArchiveExecutor restoring(Registry registry, Cancellation cancellation) {
        return new ArchiveExecutor(registry, cancellation, true, ThrottledBatches.sleeping(cancellation));
    }

    /** One outcome per transition, in the order given (the plan's). */
    public Map<Digest, DeleteOutcome> execute(String repository, List<Decision> transitions) {
        Map<Digest, DeleteOutcome> outcomes = new LinkedHashMap<>();
        for (int from = 0; from < transitions.size(); from += Registry.MAX_BATCH) {
            List<Decision> batch = transitions.subList(from, Math.min(from + Registry.MAX_BATCH, transitions.size()));
            if (cancellation.requested()) {
                batch.forEach(d -> outcomes.put(d.digest(), DeleteOutcome.notAttempted(d.digest())));
                continue;
            }
            Map<Digest, Image> now = DeletionExecutor.lookAgain(
                    registry, repository, batch, outcomes, restore ? "restored" : "archived");
            if (now == null) {
                continue;
            }
            for (Decision d : batch) {
                DeleteOutcome changed = changed(d, now.get(d.digest()));
                if (changed != null) {
                    outcomes.put(d.digest(), changed);
                } else if (cancellation.requested()) {
                    outcomes.put(d.digest(), DeleteOutcome.notAttempted(d.digest()));
                } else {
                    outcomes.put(d.digest(), move(repository, d));
                }
            }
            LOG.info(
                    "{}: {} {} of {} images",
                    repository,
                    restore ? "started the restore of" : "archived",
                    outcomes.values().stream().filter(o -> o.status().done()).count(),
                    outcomes.size());
        }
        return outcomes;
    }

    /** Why the image must not move as planned any more (see the class), or null. */
    private DeleteOutcome changed(Decision d, Image current) {
        DeleteOutcome changed = restore ? gone(d, current) : DeletionExecutor.changedSincePlan(d, current);
        ImageStatus leaves = restore ? ImageStatus.ARCHIVED : ImageStatus.ACTIVE;
        if (changed == null && current.status() != leaves) {
            changed = DeleteOutcome.skipped(
                    d.digest(),
                    SkipReason.GONE_SINCE_PLAN,
                    restore
                            ? "no longer archived (" + current.status().name().toLowerCase(java.util.Locale.ROOT) + ")"
                            : "no longer in the standard storage class");
        }
        return changed;
    }

    /**
     * The image's move; a call ECR throttled through every attempt is sent again after a pause, the image read again
     * first, until the last round, where the throttling is the image's failure.
     */
    private DeleteOutcome move(String repository, Decision d) {
        return ThrottledBatches.send(
                repository,
                1,
                pause,
                DeleteOutcome.notAttempted(d.digest()),
                (round, last) -> move(repository, d, round, last));
    }

    /** One round of the image's move: after a pause, read again first; in rounds before the last, throttling is thrown. */
    private DeleteOutcome move(String repository, Decision d, int round, boolean last) {
        if (round > 0) {
            Map<Digest, DeleteOutcome> looked = new LinkedHashMap<>();
            Map<Digest, Image> now = DeletionExecutor.lookAgain(
                    registry, repository, List.of(d), looked, restore ? "restored" : "archived", !last);
            DeleteOutcome changed = now == null ? looked.get(d.digest()) : changed(d, now.get(d.digest()));
            if (changed != null) {
                return changed;
            }
        }
        try {
            return restore
                    ? registry.restoreImage(repository, d.digest())
                    : registry.archiveImage(repository, d.digest());
        } catch (RegistryException e) {
            if (!last || e.kind() != RegistryException.Kind.THROTTLED) {
                throw e;
            }
            return DeleteOutcome.failed(d.digest(), e.code(), e.getMessage());
        }
    }

    /** A restore goes ahead whatever became of the tags: only an image no longer there is skipped. */
    private static DeleteOutcome gone(Decision planned, Image now) {
        return now == null
                ? DeleteOutcome.skipped(planned.digest(), SkipReason.GONE_SINCE_PLAN, "no longer in the repository")
                : null;
    }
}
