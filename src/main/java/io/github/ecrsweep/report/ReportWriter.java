package io.github.ecrsweep.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.ecrsweep.rules.Digest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Report} as a table for people, JSON and CSV for programs, or Markdown for a CI job's
 * summary and merge-request comments, all from the same records: the totals are the report's, counted
 * once; the CSV header and rows come from one list of columns.
 */
public final class ReportWriter {

    /** JSON with every non-ASCII character escaped, so that no text from a registry can reorder a terminal. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    /**
     * Makes what the first JSON read or written needs: Jackson's first mapper (made with this class, it reads the
     * JDK's locale data) and, with {@code report}, the serializers of a {@link Report}, each of whose record types
     * is looked into once. About a fifth of a short run on a snapshot: called on another thread while the main
     * thread reads the command line, it is ready by the time the run reads its first file.
     */
    public static void prepare(boolean report) {
        if (report) {
            JSON.writerFor(Report.class);
        }
    }

    private record Row(Report.RepositoryReport repository, Report.ImageReport image) {}

    /** A cell of an image's column; empty on a repository's own row (one without an image). */
    private static Csv.Column<Row> image(String name, java.util.function.Function<Report.ImageReport, String> value) {
        return new Csv.Column<>(name, r -> r.image() == null ? "" : value.apply(r.image()));
    }

    private static final List<Csv.Column<Row>> CSV = List.of(
            new Csv.Column<>("repositoryName", r -> r.repository().repositoryName()),
            new Csv.Column<>("repositoryStatus", r -> Csv.text(r.repository().status())),
            new Csv.Column<>(
                    "policyChanges",
                    r -> r.repository().lifecyclePolicy() == null
                            ? ""
                            : String.valueOf(
                                    r.repository().lifecyclePolicy().changes().size())),
            image("imageDigest", Report.ImageReport::imageDigest),
            image("imageTags", i -> String.join(";", i.imageTags())),
            image("imagePushedAt", Report.ImageReport::imagePushedAt),
            image("imageSizeInBytes", i -> String.valueOf(i.imageSizeInBytes())),
            image("kind", Report.ImageReport::kind),
            image("action", Report.ImageReport::action),
            image("reason", Report.ImageReport::reason),
            image("rulePriority", i -> Csv.text(i.rulePriority())),
            image("wave", i -> Csv.text(i.wave())),
            image("result", i -> Csv.text(i.result())),
            image(
                    "resultCode",
                    i -> i.failure() != null
                            ? i.failure().failureCode()
                            : i.skipped() != null ? i.skipped().reason().code() : ""),
            image("inUse", i -> i.inUse() == null ? "" : String.join(" ", i.inUse())));

    private ReportWriter() {}

    /** The CSV of several targets' reports: one header, each row led by its target's account and region. */
    static void csv(List<Report> reports, PrintWriter out) {
        record TargetRow(Report report, Row row) {}
        List<Csv.Column<TargetRow>> columns = new ArrayList<>();
        columns.add(new Csv.Column<>("account", r -> Csv.text(r.report().account())));
        columns.add(new Csv.Column<>("region", r -> Csv.text(r.report().region())));
        for (Csv.Column<Row> c : CSV) {
            columns.add(new Csv.Column<>(c.name(), r -> c.value().apply(r.row())));
        }
        List<TargetRow> rows = new ArrayList<>();
        reports.forEach(report -> csvRows(report).forEach(row -> rows.add(new TargetRow(report, row))));
        Csv.write(out, columns, rows);
    }

    public static void write(Report report, Format format, PrintWriter out) {
        write(report, format, out, 0);
    }

    /** @param width the widest a table line may be (a terminal's columns), or 0 for no limit */
    public static void write(Report report, Format format, PrintWriter out, int width) {
        write(report, format, out, width, true);
    }

    /**
     * @param imageRows whether a table or Markdown lists the images (the JSON and CSV always do); without them, a
     *                  line says how many there are and how to see them
     */
    public static void write(Report report, Format format, PrintWriter out, int width, boolean imageRows) {
        if (!imageRows && (format == Format.table || format == Format.markdown)) {
            int rows = rows(report).size();
            if (format == Format.table) {
                table(report, out, width, false);
                if (rows > 0) {
                    Text.println(out, rowsLeftOut(rows), width, "  ");
                }
            } else {
                markdown(report, out, false);
                if (rows > 0) {
                    out.println(Markdown.text(rowsLeftOut(rows)) + "  ");
                }
            }
            out.flush();
            return;
        }
        switch (format) {
            case json -> {
                // Written as it is serialised: a 100,000-image report is never held as one string.
                try {
                    JSON.writer()
                            .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                            .writeValue(out, report);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                out.println();
            }
            case csv -> csv(report, out);
            case markdown -> markdown(report, out, true);
            default -> table(report, out, width, true);
        }
        out.flush();
    }

    /** A report's JSON document, or any other record of the output contract. */
    /** A document on one line: a line of JSON Lines (the audit log). */
    public static String compactJson(Object document) {
        try {
            return JSON.writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Row> rows(Report report) {
        List<Row> rows = new ArrayList<>();
        report.repositories().forEach(r -> r.images().forEach(i -> rows.add(new Row(r, i))));
        return rows;
    }

    // ---- CSV: one row per decision shown

    private static void csv(Report report, PrintWriter out) {
        Csv.write(out, CSV, csvRows(report));
    }

    /**
     * One row per decision shown, and one for each repository without any, with its status (a policy created,
     * nothing to delete, failed): a CSV names every repository of the run, never only its header.
     */
    private static List<Row> csvRows(Report report) {
        List<Row> rows = new ArrayList<>();
        for (Report.RepositoryReport r : report.repositories()) {
            if (r.images() == null || r.images().isEmpty()) {
                rows.add(new Row(r, null));
            } else {
                r.images().forEach(i -> rows.add(new Row(r, i)));
            }
        }
        return rows;
    }

    // ---- table and Markdown: for people

    private static String title(Report report) {
        String stage = report.dryRun() ? " (dry run)" : report.stage() == Stage.PLAN ? " (plan)" : "";
        // apply names the endpoint whatever set it: the plan it runs may have been made against another one.
        String through = report.command() == CommandName.APPLY
                        && report.endpoint() != null
                        && !report.source().contains(report.endpoint())
                ? ", through " + report.endpoint()
                : "";
        return report.command() + " in " + report.source() + through + ", as of " + Units.time(report.evaluatedAt())
                + stage;
    }

    /** Lifecycle rules decide for policy commands and expire: their tables name the rule. */
    private static boolean showsRule(Report report) {
        return report.command() != CommandName.DELETE_UNTAGGED
                && report.command() != CommandName.UNTAG
                && report.command() != CommandName.RESTORE;
    }

    /** After real deletions, each row says what became of its image. */
    private static boolean showsResult(Report report) {
        return report.stage() == Stage.RESULT && report.summary().deleted() != null;
    }

    private static List<String> header(Report report) {
        List<String> header =
                new ArrayList<>(List.of("REPOSITORY", "IMAGE", "TAGS", "PUSHED", "SIZE", "KIND", "ACTION", "REASON"));
        if (showsRule(report)) {
            header.add("RULE");
        }
        if (showsResult(report)) {
            header.add("RESULT");
        }
        return header;
    }

    private static List<String> cells(Report report, Row row) {
        Report.ImageReport i = row.image();
        List<String> cells = new ArrayList<>(List.of(
                row.repository().repositoryName(),
                Digest.of(i.imageDigest()).shortForm(),
                Units.tags(i.imageTags()),
                Units.time(i.imagePushedAt()),
                Units.bytes(i.imageSizeInBytes()),
                i.kind(),
                i.untag() == null ? i.action() : i.action() + " " + Units.tags(i.untag()),
                reason(i)));
        if (showsRule(report)) {
            cells.add(i.rulePriority() == null ? "-" : i.rulePriority().toString());
        }
        if (showsResult(report)) {
            String code = i.failure() != null
                    ? i.failure().failureCode()
                    : i.skipped() != null ? i.skipped().reason().code() : null;
            cells.add(i.result() == null ? "-" : i.result() + (code == null ? "" : " (" + code + ")"));
        }
        return cells;
    }

    /** The reason, and who reports the image in use: the first source, and how many more. */
    private static String reason(Report.ImageReport i) {
        if (i.inUse() == null) {
            return i.reason();
        }
        String sources =
                i.inUse().get(0) + (i.inUse().size() > 1 ? " +" + (i.inUse().size() - 1) : "");
        return "in-use".equals(i.reason()) ? "in-use: " + sources : i.reason() + ", IN USE: " + sources;
    }

    private static String rowsLeftOut(int rows) {
        return Units.count(rows, "image row", "image rows") + " not shown: --show-images (or -v) lists them.";
    }

    private static void table(Report report, PrintWriter out, int width, boolean imageRows) {
        Text.println(out, title(report), width, "  ");
        out.println();
        for (Report.RepositoryReport r : report.repositories()) {
            if (r.lifecyclePolicy() != null) {
                Text.println(out, r.repositoryName() + ": lifecycle policy " + words(r.status()), width, "  ");
                r.lifecyclePolicy().changes().forEach(c -> Text.println(out, "  " + c.line(), width, "    "));
            }
            if (r.error() != null) {
                Text.println(out, r.repositoryName() + ": " + r.error(), width, "  ");
            }
        }
        // At a terminal's width: times read as dates, then the kind, the rule and the size go, then columns wrap.
        Table t = new Table(header(report).toArray(String[]::new))
                .shorten("PUSHED", Units::date)
                .droppable("KIND", "RULE", "SIZE");
        for (Row row : imageRows ? rows(report) : List.<Row>of()) {
            t.row(cells(report, row).toArray(String[]::new));
        }
        if (t.size() > 0) {
            if (report.repositories().stream().anyMatch(r -> r.lifecyclePolicy() != null)) {
                out.println();
            }
            t.print(out, width, "TAGS");
            out.println();
        }
        summaryLines(report).forEach(l -> Text.println(out, l, width, "  "));
    }

    /**
     * The Markdown report in at most {@code maxBytes} of UTF-8 (GitHub's job summary holds 1 MiB): every image
     * when it fits; else each repository on one row (its images by action, its bytes), saying so; and past even
     * that, the largest repositories first, the rest counted.
     */
    public static void markdownWithin(Report report, PrintWriter out, long maxBytes) {
        java.io.StringWriter full = new java.io.StringWriter();
        markdown(report, new PrintWriter(full), true);
        long fullBytes = full.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (fullBytes <= maxBytes) {
            out.print(full);
            out.flush();
            return;
        }
        java.io.StringWriter head = new java.io.StringWriter();
        markdown(report, new PrintWriter(head), false);
        List<Report.RepositoryReport> repositories = report.repositories().stream()
                .filter(r -> !r.images().isEmpty())
                .sorted(java.util.Comparator.comparingLong(ReportWriter::actingBytes)
                        .reversed()
                        .thenComparing(Report.RepositoryReport::repositoryName))
                .toList();
        long images = repositories.stream().mapToLong(r -> r.images().size()).sum();
        String note = "The " + Units.count((int) Math.min(Integer.MAX_VALUE, images), "image row", "image rows")
                + " (" + Units.bytes(fullBytes) + " of Markdown) pass " + Units.bytes(maxBytes)
                + ": each repository is on one row; the JSON report (-o json, --report) lists every image.";
        long budget = maxBytes
                - head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                - note.length()
                - 512;
        List<List<String>> rows = new ArrayList<>();
        long used = 0;
        int shown = 0;
        for (Report.RepositoryReport r : repositories) {
            List<String> row = repositoryRow(r);
            long size = String.join(" | ", row).length() + 8L;
            if (used + size > budget) {
                break;
            }
            rows.add(row);
            used += size;
            shown++;
        }
        out.println("### " + Markdown.text(title(report)));
        out.println();
        out.println(Markdown.text(note));
        out.println();
        Markdown.table(out, List.of("REPOSITORY", "STATUS", "IMAGES", "ACTIONS", "SIZE"), rows);
        if (shown < repositories.size()) {
            long rest = repositories.subList(shown, repositories.size()).stream()
                    .mapToLong(ReportWriter::actingBytes)
                    .sum();
            out.println();
            out.println(Markdown.text(
                    "… and " + Units.count(repositories.size() - shown, "more repository", "more repositories") + " ("
                            + Units.bytes(rest) + "), the smallest, in the JSON report."));
        }
        out.println();
        summaryLines(report).forEach(l -> out.println(Markdown.text(l) + "  "));
        out.flush();
    }

    /** One repository in a line: its status, its images, its actions counted, the bytes its actions touch. */
    private static List<String> repositoryRow(Report.RepositoryReport r) {
        Map<String, Integer> actions = new java.util.TreeMap<>();
        r.images().forEach(i -> actions.merge(i.result() != null ? i.result() : i.action(), 1, Integer::sum));
        return List.of(
                r.repositoryName(),
                r.status() == null ? "-" : r.status().code(),
                Integer.toString(r.images().size()),
                actions.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(java.util.stream.Collectors.joining(", ")),
                Units.bytes(actingBytes(r)));
    }

    private static long actingBytes(Report.RepositoryReport r) {
        return r.images().stream()
                .mapToLong(i -> i.bytes() == null ? 0 : i.bytes())
                .sum();
    }

    private static void markdown(Report report, PrintWriter out, boolean imageRows) {
        out.println("### " + Markdown.text(title(report)));
        out.println();
        for (Report.RepositoryReport r : report.repositories()) {
            if (r.lifecyclePolicy() != null) {
                out.println("- " + Markdown.code(r.repositoryName()) + ": lifecycle policy " + words(r.status()));
                r.lifecyclePolicy().changes().forEach(c -> out.println("  - " + Markdown.code(c.line())));
            }
            if (r.error() != null) {
                out.println("- " + Markdown.code(r.repositoryName()) + ": " + Markdown.text(r.error()));
            }
        }
        List<Row> rows = imageRows ? rows(report) : List.of();
        if (!rows.isEmpty()) {
            out.println();
            Markdown.table(
                    out,
                    header(report),
                    rows.stream().map(row -> cells(report, row)).toList());
        }
        out.println();
        summaryLines(report).forEach(l -> out.println(Markdown.text(l) + "  "));
    }

    /** delete-policy's summary: how many policies go or went, and the guards' words. */
    private static void policyLines(Report.Summary s, boolean result, List<String> lines) {
        Map<String, Integer> p = s.policies() == null ? Map.of() : s.policies();
        if (result) {
            lines.add("Policy: deleted from "
                    + Units.count(
                            p.getOrDefault(RepositoryStatus.POLICY_DELETED.code(), 0), "repository", "repositories")
                    + (p.getOrDefault(RepositoryStatus.FAILED.code(), 0) > 0 ? ", failed on " + p.get("failed") : "")
                    + ".");
            if (s.changingRepositories() == 0 && s.failedRepositories() == 0) {
                lines.add("Nothing to do: nothing was changed.");
            }
        } else {
            lines.add("Policy: would be deleted from "
                    + Units.count(
                            p.getOrDefault(RepositoryStatus.WOULD_DELETE_POLICY.code(), 0),
                            "repository",
                            "repositories")
                    + "; "
                    + (s.repositories() - p.getOrDefault(RepositoryStatus.WOULD_DELETE_POLICY.code(), 0))
                    + " have none.");
        }
    }

    /** A repository's status in words: "would be created", "created". */
    private static String words(RepositoryStatus status) {
        return switch (status) {
            case WOULD_CREATE -> "would be created";
            case WOULD_UPDATE -> "would be updated";
            case WOULD_DELETE -> "would delete images";
            case NOTHING_TO_DELETE -> "nothing to delete";
            case WOULD_DELETE_POLICY -> "would be deleted";
            case POLICY_DELETED -> "deleted";
            case NO_POLICY -> "none";
            case EXTRA_POLICY -> "not wanted by the document (delete-policy removes it)";
            case REPOSITORY_DELETED -> "repository deleted";
            case UNCHANGED, DELETED, CREATED, UPDATED, PARTIAL, INTERRUPTED, FAILED -> status.code();
        };
    }

    /** delete-repository: the repositories that go, with their images, and after a run what went. */
    private static void repositoryLines(Report report, boolean result, List<String> lines) {
        Report.Summary s = report.summary();
        long planned = report.repositories().stream()
                .filter(r -> r.status() == RepositoryStatus.WOULD_DELETE
                        || r.status() == RepositoryStatus.REPOSITORY_DELETED
                        || r.status() == RepositoryStatus.PARTIAL
                        || r.status() == RepositoryStatus.INTERRUPTED)
                .count();
        StringBuilder plan = new StringBuilder(result ? "Planned: " : "Plan: ");
        plan.append(
                planned == 0
                        ? "no repository to delete"
                        : "delete " + Units.count(planned, "repository", "repositories"));
        if (s.delete() > 0) {
            plan.append(" and the ")
                    .append(Units.count(s.delete(), "image"))
                    .append(" in them (")
                    .append(Units.bytes(s.bytes()))
                    .append(", ")
                    .append(Units.usd(Units.monthlyUsd(s.bytes())))
                    .append("/month)");
        }
        lines.add(plan.append('.').toString());
        if (result) {
            long deleted = report.repositories().stream()
                    .filter(r -> r.status() == RepositoryStatus.REPOSITORY_DELETED)
                    .count();
            lines.add("Done: repositories deleted " + deleted
                    + (s.deleted() == null ? "" : ", images deleted " + s.deleted()) + ", failed "
                    + s.failedRepositories() + ".");
        }
    }

    /** ECR's retrieval fee for a restore from the archive, per GB (docs: about $0.03/GB). */
    static final double RESTORE_USD_PER_GB = 0.03;

    /** The summary in sentences, the same in the table and in Markdown. */
    static List<String> summaryLines(Report report) {
        Report.Summary s = report.summary();
        boolean result = report.stage() == Stage.RESULT;
        List<String> lines = new ArrayList<>();
        if (report.command() == CommandName.PUT_TEMPLATE || report.command() == CommandName.APPLY_TEMPLATES) {
            for (Report.RepositoryReport r : report.repositories()) {
                lines.add("Template '" + r.repositoryName() + "': " + words(r.status()) + ".");
            }
            endLines(report, lines);
            return lines;
        }
        if (report.command() == CommandName.DELETE_REPOSITORY) {
            repositoryLines(report, result, lines);
            endLines(report, lines);
            return lines;
        }
        if (report.command() == CommandName.DELETE_POLICY) {
            policyLines(s, result, lines);
            endLines(report, lines);
            return lines;
        }
        StringBuilder plan = new StringBuilder(result ? "Planned: " : "Plan: ");
        int untag = s.untag() == null ? 0 : s.untag();
        int restore = s.restore() == null ? 0 : s.restore();
        if (s.delete() + s.expire() + s.transition() + untag + restore == 0) {
            plan.append(
                    switch (report.command()) {
                        case UNTAG -> "no tag to remove";
                        case RESTORE -> "no archived image to restore";
                        default -> "nothing to delete, expire or archive";
                    });
        } else {
            List<String> acts = new ArrayList<>();
            if (restore > 0) {
                acts.add("restore " + Units.count(restore, "image") + " from the archive ("
                        + Units.bytes(s.restoreBytes()) + ", a retrieval fee of about "
                        + Units.usd(s.restoreBytes() / 1e9 * RESTORE_USD_PER_GB) + ")");
            }
            if (untag > 0) {
                acts.add("remove " + Units.count(s.tagsRemoved(), "tag") + " from " + Units.count(untag, "image"));
            }
            if (s.delete() > 0) {
                acts.add("delete " + Units.count(s.delete(), "image"));
            }
            if (s.expire() > 0) {
                acts.add("expire " + Units.count(s.expire(), "image"));
            }
            if (s.transition() > 0) {
                acts.add("archive " + Units.count(s.transition(), "image"));
            }
            plan.append(String.join(", ", acts));
            if (s.bytes() > 0) {
                plan.append(" (")
                        .append(Units.bytes(s.bytes()))
                        .append(", ")
                        .append(Units.usd(Units.monthlyUsd(s.bytes())))
                        .append("/month)");
            }
            long acting = report.repositories().stream()
                    .filter(r -> r.images().stream().anyMatch(i -> !"keep".equals(i.action())))
                    .count();
            plan.append(" in ")
                    .append(acting)
                    .append(" of ")
                    .append(Units.count(s.repositories(), "repository", "repositories"));
        }
        plan.append("; keep ").append(s.keep()).append('.');
        lines.add(plan.toString());
        if (s.policies() != null) {
            if (result) {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, Integer> e : s.policies().entrySet()) {
                    parts.add(e.getKey() + " " + e.getValue());
                }
                lines.add("Policy: " + String.join(", ", parts) + ".");
            } else {
                int put = s.policies().getOrDefault(RepositoryStatus.WOULD_CREATE.code(), 0)
                        + s.policies().getOrDefault(RepositoryStatus.WOULD_UPDATE.code(), 0);
                lines.add("Policy: would be put on " + Units.count(put, "repository", "repositories") + ".");
            }
        }
        if (result && s.deleted() != null) {
            boolean deletes = s.delete() + s.expire() > 0 || untag + restore == 0;
            StringBuilder done = new StringBuilder("Done:");
            if (deletes) {
                done.append(" deleted ").append(s.deleted());
            }
            if (s.deletedWithNewTags() != null) {
                done.append(", deleted with tags pushed since the check ").append(s.deletedWithNewTags());
            }
            if (s.archived() != null) {
                done.append(", archived ").append(s.archived());
            }
            if (s.untagged() != null) {
                done.append(deletes ? ", untagged " : " untagged ").append(s.untagged());
            }
            if (s.restoring() != null) {
                done.append(deletes || s.untagged() != null ? ", restore started " : " restore started ")
                        .append(s.restoring());
            }
            if (s.protectedByIndex() > 0) {
                done.append(", protected by an index ").append(s.protectedByIndex());
            }
            if (s.skipped() > 0) {
                done.append(", skipped ")
                        .append(s.skipped())
                        .append(" (changed since the plan, or kept with an image that stays)");
            }
            done.append(", failed ").append(s.failed());
            if (s.notAttempted() > 0) {
                done.append(", not attempted ").append(s.notAttempted());
            }
            lines.add(done.append('.').toString());
            if (s.pullableWithin() != null) {
                lines.add("Restore: ECR documents that a restore takes up to "
                        + java.time.Duration.parse(s.pullableWithin()).toMinutes()
                        + " minutes; the images can be pulled once 'list --images' shows them active.");
            }
        } else if (result
                && s.delete() + s.expire() + s.transition() + untag + restore == 0
                && s.changingRepositories() == 0) {
            lines.add("Nothing to do: nothing was changed.");
        }
        if (s.keptInUse() != null && s.keptInUse() > 0) {
            lines.add("In use: kept " + Units.count(s.keptInUse(), "image") + " that "
                    + (s.keptInUse() == 1 ? "is" : "are") + " in use, or that "
                    + (s.keptInUse() == 1 ? "belongs" : "belong") + " to an image in use.");
        }
        if (s.inUseActions() != null && s.inUseActions() > 0) {
            lines.add("In use: ECR would expire or archive " + Units.count(s.inUseActions(), "image")
                    + " in use; its lifecycle does not know what runs: change the policy before putting it.");
        }
        if (report.inUse() != null) {
            List<String> parts = new ArrayList<>();
            for (Report.SourceScan scan : report.inUse().sources()) {
                parts.add(scan.source() + " "
                        + (scan.failure() != null ? "not read" : Units.count(scan.references(), "reference")));
            }
            if (report.inUse().keepPulledWithin() != null) {
                parts.add("pulled within "
                        + java.time.Duration.parse(report.inUse().keepPulledWithin())
                                        .toHours()
                                / 24 + "d");
            }
            lines.add("In-use sources: " + String.join(", ", parts) + ".");
        }
        endLines(report, lines);
        return lines;
    }

    /** What every summary ends with: failed repositories, and whether anything was changed. */
    private static void endLines(Report report, List<String> lines) {
        if (report.summary().failedRepositories() > 0) {
            lines.add(Units.count(report.summary().failedRepositories(), "repository", "repositories") + " failed.");
        }
        if (report.dryRun()) {
            lines.add("Dry run: nothing was changed.");
            if (report.refused() != null) {
                lines.add(
                        "A real run would refuse this plan: " + report.refused().reason() + ".");
            }
        } else if (report.refused() != null) {
            lines.add("Refused: " + report.refused().reason() + "; nothing was changed.");
        }
        if (report.planFile() != null) {
            lines.add("Plan written to " + report.planFile().file() + ", SHA-256 "
                    + report.planFile().sha256()
                    + ": 'ecrsweep apply " + report.planFile().file() + " --expect-sha256 "
                    + report.planFile().sha256() + "' applies exactly these bytes.");
        }
    }
}
