package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
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
 * Archives a plan's transitions now (ECR's UpdateImageStorageClass, one image per call), exactly as planned
 * or less: wave by wave (an index before its children), each batch of up to {@link Registry#MAX_BATCH}
 * read again first, and an image that is gone, was tagged otherwise or is no longer in the standard
 * storage class is skipped with the reason. After a cancellation nothing more is sent.
 */
public final class ArchiveExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveExecutor.class);

    private final Registry registry;
    private final Cancellation cancellation;

    public ArchiveExecutor(Registry registry, Cancellation cancellation) {
        this.registry = registry;
        this.cancellation = cancellation;
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
            Map<Digest, Image> now = DeletionExecutor.lookAgain(registry, repository, batch, outcomes, "archived");
            if (now == null) {
                continue;
            }
            for (Decision d : batch) {
                Image current = now.get(d.digest());
                DeleteOutcome changed = DeletionExecutor.changedSincePlan(d, current);
                if (changed == null && current.status() != ImageStatus.ACTIVE) {
                    changed = DeleteOutcome.skipped(
                            d.digest(), SkipReason.GONE_SINCE_PLAN, "no longer in the standard storage class");
                }
                if (changed != null) {
                    outcomes.put(d.digest(), changed);
                } else if (cancellation.requested()) {
                    outcomes.put(d.digest(), DeleteOutcome.notAttempted(d.digest()));
                } else {
                    outcomes.put(d.digest(), registry.archiveImage(repository, d.digest()));
                }
            }
            LOG.info("{}: archived {} of {} images", repository, count(outcomes), outcomes.size());
        }
        return outcomes;
    }

    private static long count(Map<Digest, DeleteOutcome> outcomes) {
        return outcomes.values().stream()
                .filter(o -> o.status() == DeleteOutcome.Status.ARCHIVED)
                .count();
    }
}
