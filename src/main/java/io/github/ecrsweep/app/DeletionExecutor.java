package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a repository's deletion plan, exactly as planned or less, never more:
 * <ul>
 *   <li>wave by wave, so that an index goes before the children it frees and a subject before its
 *       signatures, in calls of at most {@link Registry#MAX_BATCH} images;</li>
 *   <li>immediately before each call, the call's images are read again (one DescribeImages); an image
 *       that is gone, or whose tags are not the ones planned, is skipped with the reason, since ECR deletes
 *       by digest an image that was tagged in the meantime, tags and all;</li>
 *   <li>an image whose planned index or subject was not deleted stays with it (skipped); an image that
 *       joined a surviving index since the plan is refused by ECR itself and reported as protected;</li>
 *   <li>what counts as deleted is what ECR's answer confirms;</li>
 *   <li>a batch that ECR kept throttling is read again and sent again after a pause ({@link ThrottledBatches});</li>
 *   <li>after a cancellation, the call in flight finishes and nothing more is sent.</li>
 * </ul>
 */
public final class DeletionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(DeletionExecutor.class);

    private final Registry registry;
    private final Cancellation cancellation;
    private final ThrottledBatches.Pause pause;

    public DeletionExecutor(Registry registry, Cancellation cancellation) {
        this(registry, cancellation, ThrottledBatches.sleeping(cancellation));
    }

    /** With {@code pause} waiting out the pauses before a throttled batch is sent again. */
    DeletionExecutor(Registry registry, Cancellation cancellation, ThrottledBatches.Pause pause) {
        this.registry = registry;
        this.cancellation = cancellation;
        this.pause = pause;
    }

    /** One outcome per planned action, in plan order. */
    public Map<Digest, DeleteOutcome> execute(String repository, Plan plan) {
        Map<Digest, DeleteOutcome> outcomes = new LinkedHashMap<>();
        Map<Digest, List<Digest>> plannedParents = plannedParents(plan);
        Set<Digest> planned = new HashSet<>();
        plan.actions().forEach(d -> planned.add(d.digest()));
        int waveNumber = 0;
        for (List<Decision> wave : plan.waves()) {
            LOG.info("{}: wave {}: {} images", repository, waveNumber++, wave.size());
            List<Decision> ready = new ArrayList<>(wave.size());
            for (Decision d : wave) {
                DeleteOutcome blocked = blockedByDependency(d, plannedParents, planned, outcomes);
                if (blocked != null) {
                    outcomes.put(d.digest(), blocked);
                } else {
                    ready.add(d);
                }
            }
            for (int from = 0; from < ready.size(); from += Registry.MAX_BATCH) {
                List<Decision> batch = ready.subList(from, Math.min(from + Registry.MAX_BATCH, ready.size()));
                if (cancellation.requested()) {
                    batch.forEach(d -> outcomes.put(d.digest(), DeleteOutcome.notAttempted(d.digest())));
                    continue;
                }
                deleteBatch(repository, batch, outcomes);
            }
        }
        return outcomes;
    }

    /**
     * The batch's images as they are now (one DescribeImages), or null when they cannot be read: then every
     * image of the batch fails, "not {@code done}", since nothing is changed without a fresh look.
     */
    static Map<Digest, Image> lookAgain(
            Registry registry,
            String repository,
            List<Decision> batch,
            Map<Digest, DeleteOutcome> outcomes,
            String done) {
        return lookAgain(registry, repository, batch, outcomes, done, false);
    }

    /** As above; with {@code throttlingThrown}, ECR's throttling is thrown instead, for the batch to be sent again. */
    static Map<Digest, Image> lookAgain(
            Registry registry,
            String repository,
            List<Decision> batch,
            Map<Digest, DeleteOutcome> outcomes,
            String done,
            boolean throttlingThrown) {
        try {
            return registry.describeImages(
                    repository, batch.stream().map(Decision::digest).toList());
        } catch (RegistryException e) {
            if (throttlingThrown && e.kind() == RegistryException.Kind.THROTTLED) {
                throw e;
            }
            batch.forEach(d -> outcomes.put(
                    d.digest(),
                    DeleteOutcome.failed(
                            d.digest(),
                            e.code(),
                            "not " + done + ": it could not be checked again first: " + e.getMessage())));
            return null;
        }
    }

    private void deleteBatch(String repository, List<Decision> batch, Map<Digest, DeleteOutcome> outcomes) {
        boolean sent = ThrottledBatches.send(repository, batch.size(), pause, false, (round, last) -> {
            deleteBatch(repository, batch, outcomes, last);
            return true;
        });
        if (!sent) {
            batch.forEach(d -> outcomes.put(d.digest(), DeleteOutcome.notAttempted(d.digest())));
        }
    }

    /** One round of the batch: read again, then deleted; in rounds before the last, ECR's throttling is thrown. */
    private void deleteBatch(
            String repository, List<Decision> batch, Map<Digest, DeleteOutcome> outcomes, boolean last) {
        Map<Digest, Image> now = lookAgain(registry, repository, batch, outcomes, "deleted", !last);
        if (now == null) {
            return;
        }
        List<Digest> unchanged = new ArrayList<>(batch.size());
        for (Decision d : batch) {
            DeleteOutcome changed = changedSincePlan(d, now.get(d.digest()));
            if (changed != null) {
                outcomes.put(d.digest(), changed);
            } else {
                unchanged.add(d.digest());
            }
        }
        LOG.info(
                "{}: checked {} images again: {} changed since the plan; deleting {}",
                repository,
                batch.size(),
                batch.size() - unchanged.size(),
                unchanged.size());
        if (!unchanged.isEmpty()) {
            Map<Digest, Decision> planned = new HashMap<>();
            batch.forEach(d -> planned.put(d.digest(), d));
            List<DeleteOutcome> answered = confirm(repository, delete(repository, unchanged, last));
            for (DeleteOutcome o : answered) {
                Set<String> shown = Set.copyOf(planned.get(o.digest()).image().tags());
                boolean newTags = o.status() == DeleteOutcome.Status.DELETED
                        && o.deletedTags().stream().anyMatch(t -> !shown.contains(t));
                outcomes.put(o.digest(), newTags ? o.withNewTags() : o);
            }
            LOG.info(
                    "{}: ECR confirmed {} of {} deletions",
                    repository,
                    answered.stream().filter(o -> o.status().removed()).count(),
                    unchanged.size());
        }
    }

    /**
     * ECR's answer to the call; in the last round, a call it kept throttling fails each of its images (in earlier
     * rounds it is thrown, for the batch to be sent again).
     */
    private List<DeleteOutcome> delete(String repository, List<Digest> digests, boolean last) {
        try {
            return registry.deleteImages(repository, digests);
        } catch (RegistryException e) {
            if (!last || e.kind() != RegistryException.Kind.THROTTLED) {
                throw e;
            }
            return digests.stream()
                    .map(d -> DeleteOutcome.failed(d, e.code(), e.getMessage()))
                    .toList();
        }
    }

    /**
     * The answer made sure: an image the call failed on, or that ECR did not find although the check right before
     * the call did, is read again (one DescribeImages); gone now, the call deleted it and its answer was lost (a
     * connection reset after ECR acted, then a retry that found nothing), so it counts as deleted.
     */
    private List<DeleteOutcome> confirm(String repository, List<DeleteOutcome> answered) {
        List<Digest> unsure = answered.stream()
                .filter(o -> o.status() == DeleteOutcome.Status.FAILED
                        || o.status() == DeleteOutcome.Status.SKIPPED && o.skip() == SkipReason.GONE_SINCE_PLAN)
                .map(DeleteOutcome::digest)
                .toList();
        if (unsure.isEmpty()) {
            return answered;
        }
        Map<Digest, Image> still;
        try {
            still = registry.describeImages(repository, unsure);
        } catch (RegistryException e) {
            LOG.info(
                    "{}: could not read {} images again after the delete call: {}",
                    repository,
                    unsure.size(),
                    e.getMessage());
            return answered;
        }
        List<DeleteOutcome> confirmed = new ArrayList<>(answered.size());
        for (DeleteOutcome o : answered) {
            if (!unsure.contains(o.digest())) {
                confirmed.add(o);
            } else if (!still.containsKey(o.digest())) {
                confirmed.add(DeleteOutcome.goneAfterCall(
                        o.digest(),
                        "gone when read again after the delete call"
                                + (o.status() == DeleteOutcome.Status.FAILED ? " failed (" + o.code() + ")" : "")));
            } else if (o.status() == DeleteOutcome.Status.SKIPPED) {
                confirmed.add(DeleteOutcome.failed(
                        o.digest(), DeleteOutcome.UNCONFIRMED, "ECR did not find it, yet it is still listed"));
            } else {
                confirmed.add(o);
            }
        }
        LOG.info(
                "{}: read {} images again after the delete call: {} gone",
                repository,
                unsure.size(),
                unsure.stream().filter(d -> !still.containsKey(d)).count());
        return confirmed;
    }

    /** Why an image must not be deleted as planned any more: gone, or tagged otherwise than planned; null when unchanged. */
    static DeleteOutcome changedSincePlan(Decision planned, Image now) {
        if (now == null) {
            return DeleteOutcome.skipped(planned.digest(), SkipReason.GONE_SINCE_PLAN, "no longer in the repository");
        }
        Set<String> before = Set.copyOf(planned.image().tags());
        Set<String> after = Set.copyOf(now.tags());
        if (!before.equals(after)) {
            Set<String> gained = new HashSet<>(after);
            gained.removeAll(before);
            return DeleteOutcome.skipped(
                    planned.digest(),
                    SkipReason.TAGGED_SINCE_PLAN,
                    gained.isEmpty()
                            ? "its tags changed since the plan"
                            : "tagged "
                                    + String.join(", ", gained.stream().sorted().toList()) + " since the plan");
        }
        return null;
    }

    /** An image stays when an index that lists it or its subject was planned to go but did not. */
    private static DeleteOutcome blockedByDependency(
            Decision d,
            Map<Digest, List<Digest>> plannedParents,
            Set<Digest> planned,
            Map<Digest, DeleteOutcome> outcomes) {
        for (Digest parent : plannedParents.getOrDefault(d.digest(), List.of())) {
            if (!isGone(outcomes.get(parent))) {
                return DeleteOutcome.skipped(
                        d.digest(),
                        SkipReason.INDEX_KEPT,
                        "index " + parent.shortForm() + " was not deleted, and still lists it");
            }
        }
        Digest subject = d.image().subject().orElse(null);
        if (subject != null && planned.contains(subject) && !isGone(outcomes.get(subject))) {
            return DeleteOutcome.skipped(
                    d.digest(), SkipReason.SUBJECT_KEPT, "its subject " + subject.shortForm() + " was not deleted");
        }
        return null;
    }

    /** Deleted by this run, or found gone already: either way it no longer holds on to what depends on it. */
    private static boolean isGone(DeleteOutcome o) {
        return o != null
                && (o.status().removed()
                        || o.status() == DeleteOutcome.Status.SKIPPED && o.skip() == SkipReason.GONE_SINCE_PLAN);
    }

    /** For each planned image, the planned indexes that list it. */
    private static Map<Digest, List<Digest>> plannedParents(Plan plan) {
        Map<Digest, List<Digest>> parents = new HashMap<>();
        for (Decision d : plan.actions()) {
            for (Digest child : d.image().childDigests()) {
                parents.computeIfAbsent(child, k -> new ArrayList<>()).add(d.digest());
            }
        }
        return parents;
    }
}
