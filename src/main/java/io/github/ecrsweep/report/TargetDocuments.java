package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What a reading command ({@code list}, {@code get-policy}) found in each of several targets: each target's
 * own document in turn under its own title, a target that failed as one line, then the count. As JSON one
 * document of kind {@code ecrsweep-targets}: {@code targets}, each with {@code target}, {@code account},
 * {@code region}, {@code document} (the command's own) or {@code error}, and a {@code summary}; as CSV
 * one table, with the account and region first on every row.
 */
public final class TargetDocuments {

    /**
     * One target's part.
     *
     * @param target   the target as the run named it ({@code account 1111 (eu-west-1)})
     * @param document writes the target's document in a format; null when the target failed
     * @param error    why the target failed, or null
     */
    public record Part(
            String target, String account, String region, BiConsumer<Format, PrintWriter> document, String error) {

        public static Part failed(String target, String account, String region, String error) {
            return new Part(target, account, region, null, error);
        }
    }

    /** The kind of the JSON document. */
    public static final String KIND = "ecrsweep-targets";

    @JsonPropertyOrder({"schemaVersion", "kind", "targets", "summary"})
    record Json(int schemaVersion, String kind, List<JsonTarget> targets, Summary summary) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"target", "account", "region", "document", "error"})
    record JsonTarget(String target, String account, String region, JsonNode document, String error) {}

    @JsonPropertyOrder({"targets", "failedTargets"})
    record Summary(int targets, int failedTargets) {}

    private TargetDocuments() {}

    /** Writes the parts in a format; tables fit {@code width} columns (0: no limit). */
    public static void write(List<Part> parts, Format format, PrintWriter out, int width) {
        switch (format) {
            case json -> out.println(ReportWriter.json(json(parts)));
            case csv -> csv(parts, out);
            default -> {
                for (Part p : parts) {
                    if (p.document() != null) {
                        p.document().accept(format, out);
                    } else if (format == Format.markdown) {
                        out.println("### " + Markdown.text(p.target() + ": failed: " + p.error()));
                    } else {
                        Text.println(out, p.target() + ": failed: " + p.error(), width, "  ");
                    }
                    out.println();
                }
                Text.println(out, line(parts), format == Format.markdown ? 0 : width, "  ");
            }
        }
        out.flush();
    }

    /** The exit code of the run: 0 when every target was read, 1 when one was not. */
    public static ExitCode exitCode(List<Part> parts) {
        return parts.stream().anyMatch(p -> p.error() != null) ? ExitCode.FAILED : ExitCode.OK;
    }

    private static String line(List<Part> parts) {
        List<String> failed =
                parts.stream().filter(p -> p.error() != null).map(Part::target).toList();
        return "Targets: " + parts.size() + ", " + (parts.size() - failed.size()) + " read"
                + (failed.isEmpty() ? "" : ", " + failed.size() + " failed (" + String.join(", ", failed) + ")")
                + ".";
    }

    private static Json json(List<Part> parts) {
        List<JsonTarget> targets = new ArrayList<>();
        for (Part p : parts) {
            JsonNode document = null;
            if (p.document() != null) {
                try {
                    document = ReportWriter.JSON.readTree(render(p, Format.json));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
            targets.add(new JsonTarget(p.target(), p.account(), p.region(), document, p.error()));
        }
        int failed = (int) parts.stream().filter(p -> p.error() != null).count();
        return new Json(1, KIND, List.copyOf(targets), new Summary(parts.size(), failed));
    }

    /** Each target's CSV as one table: the first header, with account and region leading every record. */
    private static void csv(List<Part> parts, PrintWriter out) {
        boolean headed = false;
        for (Part p : parts) {
            if (p.document() == null) {
                continue;
            }
            List<String> records = Csv.records(render(p, Format.csv));
            if (records.isEmpty()) {
                continue;
            }
            if (!headed) {
                out.print("account,region," + records.get(0) + System.lineSeparator());
                headed = true;
            }
            String lead = Csv.field(p.account()) + "," + Csv.field(p.region()) + ",";
            for (String record : records.subList(1, records.size())) {
                out.print(lead + record + System.lineSeparator());
            }
        }
    }

    private static String render(Part p, Format format) {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        p.document().accept(format, w);
        w.flush();
        return s.toString();
    }
}
