package io.github.ecrsweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.rules.Decision;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Plan;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Prints the result of delete-untagged, put-policy and apply-all as a table, JSON or CSV. */
final class RunRenderer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String command;
    private final boolean dryRun;
    private final Instant evaluatedAt;
    private final String source;
    private final boolean explain;

    RunRenderer(String command, boolean dryRun, Instant evaluatedAt, String source, boolean explain) {
        this.command = command;
        this.dryRun = dryRun;
        this.evaluatedAt = evaluatedAt;
        this.source = source;
        this.explain = explain;
    }

    void print(PrintWriter out, OutputFormat format, List<RepositoryRun> runs) {
        switch (format) {
            case json:
                out.println(json(runs));
                break;
            case csv:
                csv(out, runs);
                break;
            default:
                table(out, runs);
        }
        out.flush();
    }

    /** Each repository that failed, as one diagnostic line on stderr (the report on stdout has it too). */
    static void reportFailures(PrintWriter err, List<RepositoryRun> runs) {
        for (RepositoryRun run : runs) {
            if (run.error() != null) {
                err.println("ecrsweep: " + run.error());
            }
        }
        err.flush();
    }

    private List<Decision> shown(Plan plan) {
        return explain ? plan.decisions() : plan.actions();
    }

    // ---- JSON: the document of DESIGN section 4

    String json(List<RepositoryRun> runs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("dryRun", dryRun);
        root.put("evaluatedAt", evaluatedAt.toString());
        root.put("source", source);
        ArrayNode repos = root.putArray("repositories");
        for (RepositoryRun run : runs) {
            ObjectNode r = repos.addObject();
            r.put("repositoryName", run.name());
            r.put("status", run.status());
            if (run.error() != null) {
                r.put("error", run.error());
            }
            if (run.change() != null) {
                ObjectNode policy = r.putObject("lifecyclePolicy");
                policy.put("status", run.change().status().code());
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
            if (outcome.failureCode() != null) {
                ObjectNode f = o.putObject("failure");
                f.put("failureCode", outcome.failureCode());
                f.put("failureReason", outcome.failureReason());
            }
        }
        return o;
    }

    private static ObjectNode summary(List<RepositoryRun> runs) {
        ObjectNode s = JSON.createObjectNode();
        s.put("repositories", runs.size());
        s.put("failedRepositories", runs.stream().filter(RepositoryRun::isFailed).count());
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
            s.put("failed", results.get(DeleteOutcome.Status.FAILED));
            s.put("notAttempted", results.get(DeleteOutcome.Status.NOT_ATTEMPTED));
        }
        return s;
    }

    private static long removedBytes(List<RepositoryRun> runs) {
        return runs.stream().filter(r -> r.plan() != null).mapToLong(r -> r.plan().removedBytes()).sum();
    }

    /** How many images ended in each outcome over all repositories (every status present, 0 when none). */
    static Map<DeleteOutcome.Status, Long> results(List<RepositoryRun> runs) {
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

    private void csv(PrintWriter out, List<RepositoryRun> runs) {
        out.println("repositoryName,imageDigest,imageTags,imagePushedAt,imageSizeInBytes,kind,action,reason,rulePriority,wave,result,failureCode");
        for (RepositoryRun run : runs) {
            if (run.plan() == null) {
                continue;
            }
            for (Decision d : shown(run.plan())) {
                DeleteOutcome o = run.outcomes().get(d.digest());
                out.println(Csv.row(run.name(), d.digest().toString(), String.join(";", d.image().tags()),
                        d.image().pushedAt().toString(), String.valueOf(d.image().sizeInBytes()), d.kind().code(),
                        d.action().code(), d.reason().code(), d.rulePriority() == null ? "" : d.rulePriority().toString(),
                        d.isKeep() ? "" : String.valueOf(d.wave()),
                        o == null ? "" : result(o), o == null ? "" : o.failureCode()));
            }
        }
    }

    // ---- table: for people

    private void table(PrintWriter out, List<RepositoryRun> runs) {
        out.println(command + " on " + source + ", as of " + Units.time(evaluatedAt) + (dryRun ? " (dry run)" : ""));
        out.println();
        for (RepositoryRun run : runs) {
            if (run.change() != null) {
                out.println(run.name() + ": lifecycle policy " + (run.isFailed() ? "failed" : run.status()));
                run.change().lines().forEach(l -> out.println("  " + l));
            }
            if (run.error() != null) {
                out.println(run.name() + ": " + run.error());
            }
        }
        boolean executed = runs.stream().anyMatch(r -> !r.outcomes().isEmpty());
        boolean rules = !"delete-untagged".equals(command);
        List<String> header = new java.util.ArrayList<>(List.of("REPOSITORY", "IMAGE", "TAGS", "PUSHED", "SIZE", "KIND", "ACTION", "REASON"));
        if (rules) {
            header.add("RULE");
        }
        if (executed) {
            header.add("RESULT");
        }
        Table t = new Table(header.toArray(String[]::new));
        for (RepositoryRun run : runs) {
            if (run.plan() == null) {
                continue;
            }
            for (Decision d : shown(run.plan())) {
                List<String> cells = new java.util.ArrayList<>(List.of(run.name(), d.digest().shortForm(), tags(d),
                        Units.time(d.image().pushedAt()), Units.bytes(d.image().sizeInBytes()), d.kind().code(), d.action().code(),
                        d.reason().code()));
                if (rules) {
                    cells.add(d.rulePriority() == null ? "-" : d.rulePriority().toString());
                }
                if (executed) {
                    DeleteOutcome o = run.outcomes().get(d.digest());
                    cells.add(o == null ? "-" : result(o) + (o.failureCode() == null ? "" : " (" + o.failureCode() + ")"));
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
        if (dryRun) {
            out.println("Dry run: nothing was changed.");
        }
    }

    /** The result word of an outcome: deleted, protected, failed, not-attempted. */
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

    private String summaryLine(List<RepositoryRun> runs) {
        StringBuilder s = new StringBuilder();
        int repos = runs.size();
        int acting = (int) runs.stream().filter(r -> r.plan() != null && !r.plan().actions().isEmpty()).count();
        int del = 0;
        int exp = 0;
        int tra = 0;
        int kept = 0;
        for (RepositoryRun r : runs) {
            if (r.plan() != null) {
                del += r.plan().count(DecisionAction.DELETE);
                exp += r.plan().count(DecisionAction.EXPIRE);
                tra += r.plan().count(DecisionAction.TRANSITION);
                kept += r.plan().count(DecisionAction.KEEP);
            }
        }
        long removed = removedBytes(runs);
        s.append(dryRun ? "Plan: " : "Planned: ");
        if (del + exp + tra == 0) {
            s.append("nothing to delete, expire or archive");
        } else {
            StringBuilder acts = new StringBuilder();
            if (del > 0) {
                acts.append("delete ").append(images(del));
            }
            if (exp > 0) {
                acts.append(acts.length() > 0 ? ", " : "").append("expire ").append(images(exp));
            }
            if (tra > 0) {
                acts.append(acts.length() > 0 ? ", " : "").append("archive ").append(images(tra));
            }
            s.append(acts);
            if (removed > 0) {
                s.append(" (").append(Units.bytes(removed)).append(", ").append(Units.usd(Units.monthlyUsd(removed))).append("/month)");
            }
        }
        if (del + exp + tra > 0) {
            s.append(" in ").append(acting).append(" of ").append(repos).append(repos == 1 ? " repository" : " repositories");
        }
        s.append("; keep ").append(kept).append('.');
        Map<DeleteOutcome.Status, Long> results = results(runs);
        if (!dryRun && executed(results)) {
            s.append(System.lineSeparator()).append("Done: deleted ").append(results.get(DeleteOutcome.Status.DELETED));
            if (results.get(DeleteOutcome.Status.PROTECTED) > 0) {
                s.append(", protected by an index ").append(results.get(DeleteOutcome.Status.PROTECTED));
            }
            s.append(", failed ").append(results.get(DeleteOutcome.Status.FAILED));
            if (results.get(DeleteOutcome.Status.NOT_ATTEMPTED) > 0) {
                s.append(", not attempted ").append(results.get(DeleteOutcome.Status.NOT_ATTEMPTED));
            }
            s.append('.');
        }
        long failedRepos = runs.stream().filter(RepositoryRun::isFailed).count();
        if (failedRepos > 0) {
            s.append(System.lineSeparator()).append(failedRepos).append(failedRepos == 1 ? " repository" : " repositories")
                    .append(" failed.");
        }
        return s.toString();
    }

    private static String images(int n) {
        return n + (n == 1 ? " image" : " images");
    }
}
