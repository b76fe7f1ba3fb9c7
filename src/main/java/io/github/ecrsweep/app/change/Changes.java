package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.ArchiveExecutor;
import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.DeletionExecutor;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryPlanner;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.RepositoryTags;
import io.github.ecrsweep.app.UntagExecutor;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What several changes do alike: plan with the children an action needs, execute removals and archives. */
final class Changes {

    private Changes() {}

    /**
     * A repository planned by a planner that deletes and archives: deleting or archiving an index means knowing
     * the children that go with it, in the wave after it, so their manifests are read when needed.
     */
    static RepositoryResult planActions(
            Planning planning, String repository, boolean explain, Function<List<Image>, Plan> planner) {
        Plan full = RepositoryPlanner.plan(
                        planning.registry(),
                        repository,
                        planning.images(repository),
                        planner,
                        p -> p.dependsOnUnknownChildren() || p.actsOnIndexWithUnknownChildren())
                .plan();
        return RepositoryResult.ofPlan(repository, full, explain);
    }

    /**
     * The plan's removals as deletions (waves, the re-check, what ECR confirms), then its transitions as
     * archives, its restores, then its tag removals (the re-check, what ECR confirms); an image's outcome is keyed by its
     * digest in every case. Every change of images goes this one way, a reviewed plan's too.
     */
    static RepositoryResult carryOut(Change.Execution execution, RepositoryResult planned) {
        List<Decision> removals = planned.plan().actions().stream()
                .filter(d -> d.action().removesImage())
                .toList();
        List<Decision> transitions = planned.plan().actions().stream()
                .filter(d -> d.action() == DecisionAction.TRANSITION)
                .toList();
        Map<Digest, DeleteOutcome> outcomes = new LinkedHashMap<>();
        if (!removals.isEmpty()) {
            outcomes.putAll(new DeletionExecutor(execution.registry(), execution.cancellation())
                    .execute(planned.name(), Plan.of(removals)));
        }
        if (!transitions.isEmpty()) {
            outcomes.putAll(new ArchiveExecutor(execution.registry(), execution.cancellation())
                    .execute(planned.name(), transitions));
        }
        List<Decision> restores = planned.plan().actions().stream()
                .filter(d -> d.action() == DecisionAction.RESTORE)
                .toList();
        if (!restores.isEmpty()) {
            outcomes.putAll(ArchiveExecutor.restoring(execution.registry(), execution.cancellation())
                    .execute(planned.name(), restores));
        }
        List<Decision> untags = planned.plan().actions().stream()
                .filter(d -> d.action() == DecisionAction.UNTAG)
                .toList();
        if (!untags.isEmpty()) {
            outcomes.putAll(
                    new UntagExecutor(execution.registry(), execution.cancellation()).execute(planned.name(), untags));
        }
        return result(planned, outcomes);
    }

    /** A repository's result from the outcome of each image's deletion or archive. */
    static RepositoryResult result(RepositoryResult planned, Map<Digest, DeleteOutcome> outcomes) {
        long failed = outcomes.values().stream()
                .filter(o -> o.status() == DeleteOutcome.Status.FAILED)
                .count();
        long done = outcomes.values().stream().filter(o -> o.status().done()).count();
        boolean interrupted =
                outcomes.values().stream().anyMatch(o -> o.status() == DeleteOutcome.Status.NOT_ATTEMPTED);
        RepositoryStatus status = interrupted
                ? RepositoryStatus.INTERRUPTED
                : failed == 0
                        ? RepositoryStatus.DELETED
                        : done == 0 ? RepositoryStatus.FAILED : RepositoryStatus.PARTIAL;
        return planned.with(status, outcomes, null);
    }

    /**
     * A repository's own word on its plan: its {@code ecrsweep:older-than} and {@code ecrsweep:keep} tags, read
     * once per run (none from a snapshot), and the tags that decided, for the report.
     */
    record Own(RepositoryTags.Overrides overrides, Map<String, String> shown) {}

    /** The repository's overrides; a tag that says no duration or count fails the repository alone. */
    static Own own(Planning planning, String repository) {
        Map<String, String> tags =
                planning.registry().repositoryTags(repository).orElse(Map.of());
        RepositoryTags.Overrides overrides;
        try {
            overrides = RepositoryTags.Overrides.of(tags);
        } catch (IllegalArgumentException e) {
            throw new io.github.ecrsweep.registry.RegistryException(
                    io.github.ecrsweep.registry.RegistryException.Kind.SERVICE,
                    repository + ": " + e.getMessage() + "; nothing was planned for it");
        }
        return new Own(overrides, overrides.shown(tags));
    }

    /** How many decisions of the plans have this action. */
    static int count(List<RepositoryResult> planned, DecisionAction action) {
        return planned.stream()
                .filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().count(action))
                .sum();
    }

    /** How many planned repositories change, in words: {@code 3 repositories}. */
    static String changing(List<RepositoryResult> planned) {
        long n = planned.stream().filter(RepositoryResult::changes).count();
        return n + (n == 1 ? " repository" : " repositories");
    }

    static String images(int n) {
        return n + (n == 1 ? " image" : " images");
    }

    /** {@code delete 3 images and archive 1 image}, of what the plans remove, archive and untag. */
    static List<String> imageActs(List<RepositoryResult> planned) {
        int remove = count(planned, DecisionAction.EXPIRE) + count(planned, DecisionAction.DELETE);
        int archive = count(planned, DecisionAction.TRANSITION);
        List<String> acts = new java.util.ArrayList<>();
        if (remove > 0) {
            acts.add("delete " + images(remove));
        }
        if (archive > 0) {
            acts.add("archive " + images(archive));
        }
        int untag = count(planned, DecisionAction.UNTAG);
        if (untag > 0) {
            acts.add("remove tags from " + images(untag));
        }
        int restore = count(planned, DecisionAction.RESTORE);
        if (restore > 0) {
            acts.add("restore " + images(restore) + " from the archive");
        }
        return acts;
    }

    /**
     * A policy change of a repository once the run was asked to stop: not attempted, said so; else empty, and the
     * change goes ahead. (A policy is one call: nothing is half done.)
     */
    static java.util.Optional<RepositoryResult> notAttempted(Change.Execution execution, RepositoryResult planned) {
        if (!execution.cancellation().requested()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(planned.with(
                RepositoryStatus.INTERRUPTED,
                Map.of(),
                "not attempted: interrupted by " + execution.cancellation().cause()));
    }
}
