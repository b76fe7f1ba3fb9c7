package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.RepositoryResult;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrsweep.app.Outcome;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Plan;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the plan or result of delete-untagged, put-policy and apply-all as a table, JSON or CSV. */
final class RunRenderer {

    /** JSON for machines, with every non-ASCII character escaped, so that no text from a registry can reorder a terminal. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** What is printed: a dry run, a plan about to be confirmed (or refused), or the result of a real run. */
    enum Mode {
        DRY_RUN,
        PLAN,
        RESULT
    }

    private final String command;
    private final Mode mode;
    private final Instant evaluatedAt;
    private final String source;
    private final Location location;
    private final boolean explain;
    private final String refusal;
    private final List<RepositoryResult> runs;

    /**
     * @param refusal why a real run does (or would, for a dry run) refuse this plan; null when it does not
     */
    private RunRenderer(Outcome.Run run, Mode mode, String refusal, List<RepositoryResult> runs) {
        this.command = run.command();
        this.mode = mode;
        this.evaluatedAt = run.evaluatedAt();
        this.source = run.source();
        this.location = run.location();
        this.explain = run.explain();
        this.refusal = refusal;
        this.runs = runs;
    }

    /** The report of an outcome: a dry run, a plan (before the question, or refused), or a result. */
    static RunRenderer of(Outcome outcome) {
        if (outcome instanceof Outcome.DryRun d) {
            return new RunRenderer(d.run(), Mode.DRY_RUN, d.wouldRefuse(), d.repositories());
        }
        if (outcome instanceof Outcome.Refused r) {
            return new RunRenderer(r.run(), Mode.PLAN, r.reason(), r.repositories());
        }
        if (outcome instanceof Outcome.Pending p) {
            return new RunRenderer(p.run(), Mode.PLAN, null, p.repositories());
        }
        return new RunRenderer(outcome.run(), Mode.RESULT, null, outcome.repositories());
    }

    /** What an interrupted run did and did not do: images for deletions, repositories for policies. */
    static String progress(Outcome.Interrupted interrupted) {
        List<RepositoryResult> done = interrupted.repositories();
        if (done.stream().anyMatch(r -> r.change() != null)) {
            long put = done.stream().filter(r -> r.status() == RepositoryResult.Status.CREATED
                    || r.status() == RepositoryResult.Status.UPDATED).count();
            long left = done.stream().filter(r -> r.status() == RepositoryResult.Status.INTERRUPTED).count();
            return "put the policy on " + Units.count(put, "repository", "repositories") + ", " + left + " not attempted";
        }
        Map<DeleteOutcome.Status, Long> results = results(done);
        long planned = done.stream().filter(r -> r.plan() != null).mapToLong(r -> r.plan().actions().size()).sum();
        return "deleted " + results.get(DeleteOutcome.Status.DELETED) + " of " + planned + " planned images, "
                + results.get(DeleteOutcome.Status.NOT_ATTEMPTED) + " not attempted";
    }

    void print(PrintWriter out, OutputFormat format) {
        switch (format) {
            case json -> out.println(json(runs));
            case csv -> csv(out, runs);
            default -> table(out, runs);
        }
        out.flush();
    }

    private List<Decision> shown(Plan plan) {
        return explain ? plan.decisions() : plan.actions();
    }

    // ---- JSON: the document of DESIGN section 4

    String json(List<RepositoryResult> runs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("dryRun", mode == Mode.DRY_RUN);
        root.put("stage", mode == Mode.RESULT ? "result" : "plan");
        root.put("account", location.account());
        root.put("region", location.region());
        root.put("evaluatedAt", evaluatedAt.toString());
        root.put("source", source);
        if (refusal != null) {
            root.putObject("refused").put("reason", refusal);
        }
        ArrayNode repos = root.putArray("repositories");
        for (RepositoryResult run : runs) {
            ObjectNode r = repos.addObject();
            r.put("repositoryName", run.name());
            r.put("status", run.status().code());
            if (run.error() != null) {
                r.put("error", run.error());
            }
            if (run.change() != null) {
                ObjectNode policy = r.putObject("lifecyclePolicy");
                policy.put("status", run.status().code());
                ArrayNode changes = policy.putArray("changes");
                run.change().lines().forEach(changes::add);
            }
            ArrayNode images = r.putArray("images");
            if (run.plan() != null) {
                for (Decision d : shown(run.plan())) {
                    images.add(decision(d, run.outcomes().get(d.digest())));
                }
            }
        }
        root.set("summary", summary(runs));
        try {
            return JSON.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode decision(Decision d, DeleteOutcome outcome) {
        ObjectNode o = JSON.createObjectNode();
        o.put("imageDigest", d.digest().toString());
        ArrayNode tags = o.putArray("imageTags");
        d.image().tags().forEach(tags::add);
        o.put("imagePushedAt", d.image().pushedAt().toString());
        o.put("imageSizeInBytes", d.image().sizeInBytes());
        o.put("kind", d.kind().code());
        o.put("action", d.action().code());
        o.put("reason", d.reason().code());
        if (d.rulePriority() == null) {
            o.putNull("rulePriority");
        } else {
            o.put("rulePriority", d.rulePriority());
        }
        if (!d.isKeep()) {
            o.put("wave", d.wave());
            o.put("bytes", d.bytes());
        }
        if (outcome != null) {
            o.put("result", result(outcome));
            if (outcome.status() == DeleteOutcome.Status.SKIPPED) {
                ObjectNode s = o.putObject("skipped");
                s.put("reason", outcome.code());
                s.put("detail", outcome.detail());
            } else if (outcome.code() != null) {
                ObjectNode f = o.putObject("failure");
                f.put("failureCode", outcome.code());
                f.put("failureReason", outcome.detail());
            }
            if (!outcome.deletedTags().isEmpty()) {
                ArrayNode deletedTags = o.putArray("deletedTags");
                outcome.deletedTags().forEach(deletedTags::add);
            }
        }
        return o;
    }

    private static ObjectNode summary(List<RepositoryResult> runs) {
        ObjectNode s = JSON.createObjectNode();
        s.put("repositories", runs.size());
        s.put("changingRepositories", runs.stream().filter(RepositoryResult::changes).count());
        s.put("failedRepositories", runs.stream().filter(RepositoryResult::isFailed).count());
        for (DecisionAction a : DecisionAction.values()) {
            s.put(a.code(), runs.stream().filter(r -> r.plan() != null).mapToInt(r -> r.plan().count(a)).sum());
        }
        long removed = removedBytes(runs);
        s.put("bytes", removed);
        s.put("transitionBytes", runs.stream().filter(r -> r.plan() != null).mapToLong(r -> r.plan().bytes(DecisionAction.TRANSITION)).sum());
        s.put("monthlySavingsUsd", Math.round(Units.monthlyUsd(removed) * 100) / 100.0);
        Map<DeleteOutcome.Status, Long> results = results(runs);
        if (executed(results)) {
            s.put("deleted", results.get(DeleteOutcome.Status.DELETED));
            s.put("protected", results.get(DeleteOutcome.Status.PROTECTED));
            s.put("skipped", results.get(DeleteOutcome.Status.SKIPPED));
            s.put("failed", results.get(DeleteOutcome.Status.FAILED));
            s.put("notAttempted", results.get(DeleteOutcome.Status.NOT_ATTEMPTED));
        }
        return s;
    }

    private static long removedBytes(List<RepositoryResult> runs) {
        return runs.stream().filter(r -> r.plan() != null).mapToLong(r -> r.plan().removedBytes()).sum();
    }

    /** How many images ended in each outcome over all repositories (every status present, 0 when none). */
    static Map<DeleteOutcome.Status, Long> results(List<RepositoryResult> runs) {
        Map<DeleteOutcome.Status, Long> counts = new EnumMap<>(DeleteOutcome.Status.class);
        for (DeleteOutcome.Status status : DeleteOutcome.Status.values()) {
            counts.put(status, 0L);
        }
        runs.forEach(run -> run.outcomes().values().forEach(o -> counts.merge(o.status(), 1L, Long::sum)));
        return counts;
    }

    private static boolean executed(Map<DeleteOutcome.Status, Long> results) {
        return results.values().stream().anyMatch(n -> n > 0);
    }

    // ---- CSV: one row per decision shown

    private void csv(PrintWriter out, List<RepositoryResult> runs) {
        out.println("repositoryName,imageDigest,imageTags,imagePushedAt,imageSizeInBytes,kind,action,reason,rulePriority,wave,result,resultCode");
        for (RepositoryResult run : runs) {
            if (run.plan() == null) {
                continue;
            }
            for (Decision d : shown(run.plan())) {
                DeleteOutcome o = run.outcomes().get(d.digest());
                out.println(Csv.row(run.name(), d.digest().toString(), String.join(";", d.image().tags()),
                        d.image().pushedAt().toString(), String.valueOf(d.image().sizeInBytes()), d.kind().code(),
                        d.action().code(), d.reason().code(), d.rulePriority() == null ? "" : d.rulePriority().toString(),
                        d.isKeep() ? "" : String.valueOf(d.wave()),
                        o == null ? "" : result(o), o == null ? "" : o.code()));
            }
        }
    }

    // ---- table: for people

    private void table(PrintWriter out, List<RepositoryResult> runs) {
        String stage = switch (mode) {
            case DRY_RUN -> " (dry run)";
            case PLAN -> " (plan)";
            case RESULT -> "";
        };
        out.println(Text.safe(command + " in " + source + ", as of " + Units.time(evaluatedAt) + stage));
        out.println();
        for (RepositoryResult run : runs) {
            if (run.change() != null) {
                out.println(Text.safe(run.name() + ": lifecycle policy " + words(run.status())));
                run.change().lines().forEach(l -> out.println("  " + Text.safe(l)));
            }
            if (run.error() != null) {
                out.println(Text.safe(run.name() + ": " + run.error()));
            }
        }
        boolean executed = runs.stream().anyMatch(r -> !r.outcomes().isEmpty());
        boolean rules = !"delete-untagged".equals(command);
        List<String> header = new ArrayList<>(List.of("REPOSITORY", "IMAGE", "TAGS", "PUSHED", "SIZE", "KIND", "ACTION", "REASON"));
        if (rules) {
            header.add("RULE");
        }
        if (executed) {
            header.add("RESULT");
        }
        Table t = new Table(header.toArray(String[]::new));
        for (RepositoryResult run : runs) {
            if (run.plan() == null) {
                continue;
            }
            for (Decision d : shown(run.plan())) {
                List<String> cells = new ArrayList<>(List.of(run.name(), d.digest().shortForm(), tags(d),
                        Units.time(d.image().pushedAt()), Units.bytes(d.image().sizeInBytes()), d.kind().code(), d.action().code(),
                        d.reason().code()));
                if (rules) {
                    cells.add(d.rulePriority() == null ? "-" : d.rulePriority().toString());
                }
                if (executed) {
                    DeleteOutcome o = run.outcomes().get(d.digest());
                    cells.add(o == null ? "-" : result(o) + (o.code() == null ? "" : " (" + o.code() + ")"));
                }
                t.row(cells.toArray(String[]::new));
            }
        }
        if (t.size() > 0) {
            if (runs.stream().anyMatch(r -> r.change() != null)) {
                out.println();
            }
            t.print(out);
            out.println();
        }
        out.println(summaryLine(runs));
        if (mode == Mode.DRY_RUN) {
            out.println("Dry run: nothing was changed.");
            if (refusal != null) {
                out.println(Text.safe("A real run would refuse this plan: " + refusal + "."));
            }
        } else if (mode == Mode.PLAN && refusal != null) {
            out.println(Text.safe("Refused: " + refusal + "; nothing was changed."));
        }
    }

    /** A repository's status in words, for a table: "would be created", "created". */
    private static String words(RepositoryResult.Status status) {
        return switch (status) {
            case WOULD_CREATE -> "would be created";
            case WOULD_UPDATE -> "would be updated";
            case WOULD_DELETE -> "would delete images";
            case NOTHING_TO_DELETE -> "nothing to delete";
            default -> status.code();
        };
    }

    /** The result word of an outcome: deleted, protected, skipped, failed, not-attempted. */
    private static String result(DeleteOutcome o) {
        return o.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String tags(Decision d) {
        if (d.image().tags().isEmpty()) {
            return "-";
        }
        String joined = String.join(",", d.image().tags());
        return joined.length() > 40 ? joined.substring(0, 37) + "..." : joined;
    }

    private String summaryLine(List<RepositoryResult> runs) {
        int repos = runs.size();
        int acting = (int) runs.stream().filter(r -> r.plan() != null && !r.plan().actions().isEmpty()).count();
        int del = 0;
        int exp = 0;
        int tra = 0;
        int kept = 0;
        for (RepositoryResult r : runs) {
            if (r.plan() != null) {
                del += r.plan().count(DecisionAction.DELETE);
                exp += r.plan().count(DecisionAction.EXPIRE);
                tra += r.plan().count(DecisionAction.TRANSITION);
                kept += r.plan().count(DecisionAction.KEEP);
            }
        }
        StringBuilder s = new StringBuilder(mode == Mode.RESULT ? "Planned: " : "Plan: ");
        if (del + exp + tra == 0) {
            s.append("nothing to delete, expire or archive");
        } else {
            List<String> acts = new ArrayList<>();
            if (del > 0) {
                acts.add("delete " + Units.count(del, "image"));
            }
            if (exp > 0) {
                acts.add("expire " + Units.count(exp, "image"));
            }
            if (tra > 0) {
                acts.add("archive " + Units.count(tra, "image"));
            }
            s.append(String.join(", ", acts));
            long removed = removedBytes(runs);
            if (removed > 0) {
                s.append(" (").append(Units.bytes(removed)).append(", ").append(Units.usd(Units.monthlyUsd(removed))).append("/month)");
            }
            s.append(" in ").append(acting).append(" of ").append(Units.count(repos, "repository", "repositories"));
        }
        s.append("; keep ").append(kept).append('.');
        long policies = runs.stream().filter(r -> r.change() != null && r.changes()).count();
        if (runs.stream().anyMatch(r -> r.change() != null)) {
            s.append(System.lineSeparator()).append(mode == Mode.RESULT ? "Policy: " : "Policy: would be put on ")
                    .append(mode == Mode.RESULT ? policyResult(runs) : Units.count((int) policies, "repository", "repositories") + ".");
        }
        Map<DeleteOutcome.Status, Long> results = results(runs);
        if (mode == Mode.RESULT && executed(results)) {
            s.append(System.lineSeparator()).append("Done: deleted ").append(results.get(DeleteOutcome.Status.DELETED));
            if (results.get(DeleteOutcome.Status.PROTECTED) > 0) {
                s.append(", protected by an index ").append(results.get(DeleteOutcome.Status.PROTECTED));
            }
            if (results.get(DeleteOutcome.Status.SKIPPED) > 0) {
                s.append(", skipped ").append(results.get(DeleteOutcome.Status.SKIPPED)).append(" (changed since the plan, or kept with an image that stays)");
            }
            s.append(", failed ").append(results.get(DeleteOutcome.Status.FAILED));
            if (results.get(DeleteOutcome.Status.NOT_ATTEMPTED) > 0) {
                s.append(", not attempted ").append(results.get(DeleteOutcome.Status.NOT_ATTEMPTED));
            }
            s.append('.');
        } else if (mode == Mode.RESULT && del + exp + tra == 0 && policies == 0) {
            s.append(System.lineSeparator()).append("Nothing to do: nothing was changed.");
        }
        long failedRepos = runs.stream().filter(RepositoryResult::isFailed).count();
        if (failedRepos > 0) {
            s.append(System.lineSeparator()).append(Units.count((int) failedRepos, "repository", "repositories")).append(" failed.");
        }
        return s.toString();
    }

    private static String policyResult(List<RepositoryResult> runs) {
        List<String> parts = new ArrayList<>();
        for (RepositoryResult.Status st : new RepositoryResult.Status[] {RepositoryResult.Status.CREATED, RepositoryResult.Status.UPDATED,
            RepositoryResult.Status.UNCHANGED, RepositoryResult.Status.FAILED}) {
            long n = runs.stream().filter(r -> r.change() != null && r.status() == st).count();
            if (n > 0) {
                parts.add(st.code() + " " + n);
            }
        }
        return String.join(", ", parts) + ".";
    }
}
