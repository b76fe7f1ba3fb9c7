package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.registry.TagRemoval;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the tags an untag plan names, exactly as planned or less, never more:
 * <ul>
 *   <li>in calls of at most {@link Registry#MAX_BATCH} tags, an image's tags in one call;</li>
 *   <li>immediately before each call, its images are read again (one DescribeImages): an image that is gone, or
 *       that lost any tag the plan showed, is skipped, since the tags it keeps are what keeps ECR from deleting
 *       it when the planned ones go (a gained tag is harmless);</li>
 *   <li>what counts as removed is what ECR's answer confirms, from the planned image: a tag the answer names on
 *       another image (it moved between the check and the call) is reported as a failure, never as done;</li>
 *   <li>a batch that ECR kept throttling is read again and sent again after a pause ({@link ThrottledBatches});</li>
 *   <li>after a cancellation, the call in flight finishes and nothing more is sent.</li>
 * </ul>
 */
public final class UntagExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(UntagExecutor.class);

    /** The code of a tag the answer names on another image than the planned one. */
    public static final String TAG_MOVED = "TagMoved";

    private final Registry registry;
    private final Cancellation cancellation;
    private final ThrottledBatches.Pause pause;

    public UntagExecutor(Registry registry, Cancellation cancellation) {
        this(registry, cancellation, ThrottledBatches.sleeping(cancellation));
    }

    /** With {@code pause} waiting out the pauses before a throttled batch is sent again. */
    UntagExecutor(Registry registry, Cancellation cancellation, ThrottledBatches.Pause pause) {
        this.registry = registry;
        this.cancellation = cancellation;
        this.pause = pause;
    }

    /** One outcome per untag decision, in plan order. */
    public Map<Digest, DeleteOutcome> execute(String repository, List<Decision> untags) {
        Map<Digest, DeleteOutcome> outcomes = new LinkedHashMap<>();
        List<Decision> batch = new ArrayList<>();
        int tags = 0;
        for (Decision d : untags) {
            if (tags + d.untag().size() > Registry.MAX_BATCH) {
                send(repository, batch, outcomes);
                batch = new ArrayList<>();
                tags = 0;
            }
            batch.add(d);
            tags += d.untag().size();
        }
        send(repository, batch, outcomes);
        return outcomes;
    }

    private void send(String repository, List<Decision> batch, Map<Digest, DeleteOutcome> outcomes) {
        if (batch.isEmpty()) {
            return;
        }
        if (cancellation.requested()
                || !ThrottledBatches.send(repository, batch.size(), pause, false, (round, last) -> {
                    send(repository, batch, outcomes, last);
                    return true;
                })) {
            batch.forEach(d -> outcomes.put(d.digest(), DeleteOutcome.notAttempted(d.digest())));
        }
    }

    /** One round of the batch: read again, then its tags removed; in rounds before the last, throttling is thrown. */
    private void send(String repository, List<Decision> batch, Map<Digest, DeleteOutcome> outcomes, boolean last) {
        Map<Digest, Image> now = DeletionExecutor.lookAgain(registry, repository, batch, outcomes, "untagged", !last);
        if (now == null) {
            return;
        }
        List<Decision> unchanged = new ArrayList<>(batch.size());
        for (Decision d : batch) {
            DeleteOutcome changed = changedSincePlan(d, now.get(d.digest()));
            if (changed != null) {
                outcomes.put(d.digest(), changed);
            } else {
                unchanged.add(d);
            }
        }
        if (unchanged.isEmpty()) {
            return;
        }
        List<String> tags = unchanged.stream().flatMap(d -> d.untag().stream()).toList();
        List<TagRemoval> answered;
        try {
            answered = registry.removeTags(repository, tags);
        } catch (RegistryException e) {
            unchanged.forEach(d -> outcomes.put(
                    d.digest(), DeleteOutcome.untagFailed(d.digest(), e.code(), e.getMessage(), List.of())));
            throw e;
        }
        Map<String, TagRemoval> byTag = new HashMap<>();
        answered.forEach(r -> byTag.put(r.tag(), r));
        for (Decision d : unchanged) {
            outcomes.put(d.digest(), outcome(d, byTag));
        }
        LOG.info(
                "{}: removed {} of {} tags from {} images",
                repository,
                answered.stream().filter(TagRemoval::isRemoved).count(),
                tags.size(),
                unchanged.size());
    }

    /** One image's outcome from the answer for its tags. */
    private static DeleteOutcome outcome(Decision d, Map<String, TagRemoval> byTag) {
        List<String> removed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String code = null;
        for (String tag : d.untag()) {
            TagRemoval r = byTag.get(tag);
            if (r == null) {
                code = code == null ? DeleteOutcome.UNCONFIRMED : code;
                problems.add(tag + ": not in ECR's answer");
            } else if (!r.isRemoved()) {
                code = code == null ? r.code() : code;
                problems.add(tag + ": " + r.code() + (r.detail() == null ? "" : " (" + r.detail() + ")"));
            } else if (!r.digest().equals(d.digest())) {
                code = TAG_MOVED;
                problems.add(tag + ": it had moved to " + r.digest().shortForm()
                        + " between the check and the call, and was removed from that image");
            } else {
                removed.add(tag);
            }
        }
        if (problems.isEmpty()) {
            return DeleteOutcome.untagged(d.digest(), removed);
        }
        return DeleteOutcome.untagFailed(d.digest(), code, String.join("; ", problems), removed);
    }

    /** Why an image must not lose its tags as planned any more: gone, or lost a tag it had; null when safe. */
    static DeleteOutcome changedSincePlan(Decision planned, Image now) {
        if (now == null) {
            return DeleteOutcome.skipped(planned.digest(), SkipReason.GONE_SINCE_PLAN, "no longer in the repository");
        }
        Set<String> after = Set.copyOf(now.tags());
        List<String> lost = planned.image().tags().stream()
                .filter(t -> !after.contains(t))
                .sorted()
                .toList();
        if (!lost.isEmpty()) {
            return DeleteOutcome.skipped(
                    planned.digest(),
                    SkipReason.TAGGED_SINCE_PLAN,
                    "lost " + String.join(", ", lost) + " since the plan: the tags it keeps may no longer hold it");
        }
        return null;
    }
}
