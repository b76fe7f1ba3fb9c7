package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.inuse.ImageReference;
import io.github.ecrsweep.registry.inuse.InUseFile;
import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.report.InUseReport;
import io.github.ecrsweep.report.Report;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.report.Units;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the report records of outcomes: the one place where what is shown is decided and counted. */
public final class Reporting {

    private Reporting() {}

    public static Report of(Outcome outcome) {
        Outcome.Run run = outcome.run();
        Report.Refusal refused = outcome.refusal() == null ? null : new Report.Refusal(outcome.refusal());
        List<Report.RepositoryReport> repositories = new ArrayList<>();
        for (RepositoryResult r : outcome.repositories()) {
            repositories.add(repository(r, run.explain()));
        }
        return new Report(
                Report.SCHEMA_VERSION,
                run.command(),
                outcome.stage(),
                outcome.isDryRun(),
                run.location().account(),
                run.location().region(),
                run.evaluatedAt().toString(),
                run.source(),
                run.endpoint(),
                null,
                run.shard() == null
                        ? null
                        : new Report.ShardOf(run.shard().index(), run.shard().count()),
                run.maxDelete(),
                refused,
                options(run.options()),
                inUse(run.inUse(), run.location()),
                null,
                List.copyOf(repositories),
                summary(outcome.repositories(), run.inUse().isActive()));
    }

    /** What the plan was computed from, as the report records it. */
    static Report.Options options(PlanOptions o) {
        if (o == null) {
            return null;
        }
        Selection s = o.selection();
        return new Report.Options(
                new Report.SelectionOptions(
                        s.names(),
                        s.all(),
                        s.include(),
                        s.exclude(),
                        s.allByDefault(),
                        s.tags().withTexts(),
                        s.tags().withoutTexts()),
                o.olderThan() == null ? null : o.olderThan().toString(),
                o.keep(),
                o.orphanedSignatures(),
                o.lifecyclePolicyText(),
                o.archive(),
                o.rulesFile(),
                o.rulesText(),
                o.untag() == null
                        ? null
                        : new Report.UntagOptions(
                                o.untag().globs(),
                                o.untag().regexes().stream()
                                        .map(java.util.regex.Pattern::pattern)
                                        .toList(),
                                o.untag().groupBy(),
                                o.untag().deleteIfLast()),
                o.restore() == null
                        ? null
                        : new Report.RestoreOptions(
                                o.restore().globs(),
                                o.restore().digests().stream()
                                        .map(Object::toString)
                                        .toList(),
                                o.restore().olderThan() == null
                                        ? null
                                        : o.restore().olderThan().toString(),
                                o.restore().newerThan() == null
                                        ? null
                                        : o.restore().newerThan().toString()));
    }

    private static Report.InUseSources inUse(InUse inUse, io.github.ecrsweep.registry.Location where) {
        if (!inUse.isActive()) {
            return null;
        }
        return new Report.InUseSources(
                sources(inUse, where),
                inUse.keepPulledWithin() == null
                        ? null
                        : inUse.keepPulledWithin().toString());
    }

    /** Each in-use source read, and how it went. */
    static List<Report.SourceScan> sources(InUse inUse, io.github.ecrsweep.registry.Location where) {
        return inUse.scans().stream()
                .map(s -> new Report.SourceScan(
                        s.source(),
                        s.spec().kind().code(),
                        s.spec().file(),
                        s.sha256(),
                        s.spec().within() == null ? null : s.spec().within().toString(),
                        s.spec().revisions(),
                        s.spec().kind().isFile() ? null : at(where, s).account(),
                        s.spec().kind().isFile() ? null : at(where, s).region(),
                        s.optional() ? Boolean.TRUE : null,
                        s.references(),
                        s.unresolved().isEmpty()
                                ? null
                                : s.unresolved().values().stream()
                                        .mapToInt(Integer::intValue)
                                        .sum(),
                        s.calls().calls().isEmpty() ? null : s.calls().calls(),
                        s.millis(),
                        s.failure()))
                .toList();
    }

    /** Where a service was read: the run's registry when there is one (its account is known), else the scan's. */
    private static io.github.ecrsweep.registry.Location at(io.github.ecrsweep.registry.Location run, InUse.Scan s) {
        if (run != null) {
            return run;
        }
        return s.where() != null ? s.where() : new io.github.ecrsweep.registry.Location(null, null);
    }

    private static Report.RepositoryReport repository(RepositoryResult r, boolean explain) {
        Report.PolicyChange policy = null;
        if (r.change() != null) {
            List<Report.RuleChange> changes = new ArrayList<>();
            for (PolicyDiff.Change c : r.change().changes()) {
                changes.add(new Report.RuleChange(
                        c.kind().code(), c.rulePriority(), c.field(), c.before(), c.after(), c.rule(), c.line()));
            }
            policy = new Report.PolicyChange(
                    r.status(),
                    List.copyOf(changes),
                    r.change().before(),
                    r.change().status() == PolicyDiff.Status.UNCHANGED
                                    || r.change().status() == PolicyDiff.Status.DELETED
                            ? null
                            : r.change().after());
        }
        List<Report.ImageReport> images = new ArrayList<>();
        if (r.plan() != null) {
            for (Decision d : explain ? r.plan().decisions() : r.plan().shown()) {
                images.add(image(d, r.outcomes().get(d.digest())));
            }
        }
        return new Report.RepositoryReport(
                r.name(), r.status(), r.error(), policy, List.copyOf(images), new java.util.TreeMap<>(r.tags()));
    }

    private static Report.ImageReport image(Decision d, DeleteOutcome o) {
        String result = null;
        Report.Failure failure = null;
        Report.Skip skip = null;
        List<String> deletedTags = null;
        if (o != null) {
            result = o.status().code();
            if (o.status() == DeleteOutcome.Status.SKIPPED) {
                skip = new Report.Skip(o.skip(), o.detail());
            } else if (o.code() != null) {
                failure = new Report.Failure(o.code(), o.detail());
            }
            deletedTags = o.deletedTags().isEmpty() ? null : o.deletedTags();
        }
        return new Report.ImageReport(
                d.digest().toString(),
                d.image().tags(),
                Units.iso(d.image().pushedAt()),
                d.image().sizeInBytes(),
                d.kind().code(),
                d.action().code(),
                d.reason().code(),
                d.rulePriority(),
                d.isKeep() ? null : d.wave(),
                d.isKeep() ? null : d.bytes(),
                result,
                failure,
                skip,
                deletedTags,
                d.inUse().isEmpty() ? null : d.inUse(),
                d.untag().isEmpty() ? null : d.untag());
    }

    /** A repository the plan changes, or a result changed (or tried to). */
    private static boolean changing(RepositoryResult r) {
        return r.changes()
                || java.util.EnumSet.of(
                                RepositoryStatus.DELETED,
                                RepositoryStatus.REPOSITORY_DELETED,
                                RepositoryStatus.CREATED,
                                RepositoryStatus.UPDATED,
                                RepositoryStatus.POLICY_DELETED,
                                RepositoryStatus.PARTIAL)
                        .contains(r.status());
    }

    private static Report.Summary summary(List<RepositoryResult> results, boolean inUse) {
        Map<DecisionAction, Integer> counts = new EnumMap<>(DecisionAction.class);
        int tagsRemoved = 0;
        long bytes = 0;
        long transitionBytes = 0;
        for (RepositoryResult r : results) {
            Plan plan = r.plan();
            if (plan != null) {
                plan.counts().forEach((a, n) -> counts.merge(a, n, Integer::sum));
                tagsRemoved +=
                        plan.actions().stream().mapToInt(d -> d.untag().size()).sum();
                bytes += plan.removedBytes();
                transitionBytes += plan.bytes(DecisionAction.TRANSITION);
            }
        }
        Map<String, Integer> policies = null;
        if (results.stream().anyMatch(r -> r.change() != null)) {
            policies = new LinkedHashMap<>();
            for (RepositoryResult r : results) {
                if (r.change() != null || r.isFailed()) {
                    policies.merge(r.status().code(), 1, Integer::sum);
                }
            }
        }
        Map<DeleteOutcome.Status, Integer> outcomes = new EnumMap<>(DeleteOutcome.Status.class);
        results.forEach(r -> r.outcomes().values().forEach(o -> outcomes.merge(o.status(), 1, Integer::sum)));
        boolean executed = !outcomes.isEmpty();
        int untag = counts.getOrDefault(DecisionAction.UNTAG, 0);
        int restore = counts.getOrDefault(DecisionAction.RESTORE, 0);
        long restoreBytes = results.stream()
                .filter(r -> r.plan() != null)
                .mapToLong(r -> r.plan().bytes(DecisionAction.RESTORE))
                .sum();
        return new Report.Summary(
                results.size(),
                (int) results.stream().filter(Reporting::changing).count(),
                (int) results.stream().filter(RepositoryResult::isFailed).count(),
                counts.getOrDefault(DecisionAction.DELETE, 0),
                counts.getOrDefault(DecisionAction.EXPIRE, 0),
                counts.getOrDefault(DecisionAction.TRANSITION, 0),
                counts.getOrDefault(DecisionAction.KEEP, 0),
                bytes,
                transitionBytes,
                Math.round(Units.monthlyUsd(bytes) * 100) / 100.0,
                policies,
                executed ? outcomes.getOrDefault(DeleteOutcome.Status.DELETED, 0) : null,
                outcomes.get(DeleteOutcome.Status.DELETED_WITH_NEW_TAGS),
                executed && outcomes.containsKey(DeleteOutcome.Status.ARCHIVED)
                        ? outcomes.get(DeleteOutcome.Status.ARCHIVED)
                        : null,
                executed ? outcomes.getOrDefault(DeleteOutcome.Status.PROTECTED, 0) : null,
                executed ? outcomes.getOrDefault(DeleteOutcome.Status.SKIPPED, 0) : null,
                executed ? outcomes.getOrDefault(DeleteOutcome.Status.FAILED, 0) : null,
                executed ? outcomes.getOrDefault(DeleteOutcome.Status.NOT_ATTEMPTED, 0) : null,
                inUse
                        ? results.stream()
                                .filter(r -> r.plan() != null)
                                .mapToInt(r -> r.plan().keptInUse())
                                .sum()
                        : null,
                inUse
                        ? results.stream()
                                .filter(r -> r.plan() != null)
                                .mapToInt(r -> r.plan().actionsInUse().size())
                                .sum()
                        : null,
                untag > 0 ? untag : null,
                untag > 0 ? tagsRemoved : null,
                untag > 0 && executed ? outcomes.getOrDefault(DeleteOutcome.Status.UNTAGGED, 0) : null,
                restore > 0 ? restore : null,
                restore > 0 ? restoreBytes : null,
                restore > 0 && executed ? outcomes.getOrDefault(DeleteOutcome.Status.RESTORING, 0) : null,
                restore > 0 && executed && outcomes.containsKey(DeleteOutcome.Status.RESTORING)
                        ? RESTORE_TIME.toString()
                        : null);
    }

    /** How long ECR documents a restore from the archive to take, at most: "up to 20 minutes". */
    public static final java.time.Duration RESTORE_TIME = java.time.Duration.ofMinutes(20);

    /** What scan-in-use found, as its document. */
    public static InUseReport inUse(InUse inUse, java.time.Instant scannedAt) {
        Map<String, ImageReference> images = new java.util.TreeMap<>();
        Map<String, java.util.Set<String>> sources = new java.util.TreeMap<>();
        for (InUseReference r : inUse.references()) {
            String key = r.image().toString();
            images.putIfAbsent(key, r.image());
            sources.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>()).add(r.source());
        }
        List<InUseReport.ImageInUse> list = new ArrayList<>();
        images.forEach((key, image) -> list.add(new InUseReport.ImageInUse(
                key,
                image.registry(),
                image.repository(),
                image.tag(),
                image.digest() == null ? null : image.digest().toString(),
                List.copyOf(sources.get(key)))));
        return new InUseReport(
                InUseFile.SCHEMA_VERSION,
                InUseFile.KIND,
                scannedAt.toString(),
                sources(inUse, null),
                List.copyOf(list));
    }
}
