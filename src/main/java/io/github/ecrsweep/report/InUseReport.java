package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.ecrsweep.registry.inuse.InUseFile;
import io.github.ecrsweep.rules.Digest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ecrsweep scan-in-use} found: every image reference with the sources that reported it, and
 * how each source went. Its JSON ({@code docs/in-use.schema.json}) is what {@code --in-use-file} reads.
 *
 * @param kind      always {@link InUseFile#KIND}, so that a file is known for what it is
 * @param scannedAt when the sources were read
 * @param sources   each source, in the order given
 * @param images    each image reference once, sorted, with its sources
 */
@JsonPropertyOrder({"schemaVersion", "kind", "scannedAt", "sources", "images"})
public record InUseReport(
        int schemaVersion, String kind, String scannedAt, List<Report.SourceScan> sources, List<ImageInUse> images) {

    /**
     * One image reference.
     *
     * @param image      the reference as written: registry host, repository, tag and digest as far as known
     * @param registry   the registry host, or null when the reference names none (a pin file's)
     * @param repository the repository, or null for a bare digest
     * @param tag        the tag, or null; a tag pins the image holding it when a plan is made
     * @param digest     the digest, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"image", "registry", "repository", "tag", "imageDigest", "sources"})
    public record ImageInUse(
            String image, String registry, String repository, String tag, String imageDigest, List<String> sources) {}

    private static final List<Csv.Column<ImageInUse>> CSV = List.of(
            new Csv.Column<>("image", ImageInUse::image),
            new Csv.Column<>("repository", i -> Csv.text(i.repository())),
            new Csv.Column<>("tag", i -> Csv.text(i.tag())),
            new Csv.Column<>("imageDigest", i -> Csv.text(i.imageDigest())),
            new Csv.Column<>("sources", i -> String.join(" ", i.sources())));

    /** Writes the scan in a format; the table fits {@code width} columns (0: no limit). */
    public void write(Format format, PrintWriter out, int width) {
        switch (format) {
            case json -> out.println(ReportWriter.json(this));
            case csv -> Csv.write(out, CSV, images);
            case markdown -> {
                out.println("### " + Markdown.text("In use, as of " + Units.time(Instant.parse(scannedAt))));
                out.println();
                Markdown.table(out, List.of("REPOSITORY", "TAG", "IMAGE", "SOURCES"), rows());
                out.println();
                Markdown.table(out, SOURCE_COLUMNS, sourceRows());
                out.println();
                out.println(Markdown.text(summary()) + "  ");
            }
            default -> {
                Text.println(out, "In use, as of " + Units.time(Instant.parse(scannedAt)), width, "  ");
                out.println();
                Table t = new Table("REPOSITORY", "TAG", "IMAGE", "SOURCES");
                rows().forEach(r -> t.row(r.toArray(String[]::new)));
                if (t.size() > 0) {
                    t.print(out, width, "SOURCES");
                    out.println();
                }
                Table read = new Table(SOURCE_COLUMNS.toArray(String[]::new));
                sourceRows().forEach(r -> read.row(r.toArray(String[]::new)));
                if (read.size() > 0) {
                    read.print(out, width, "PINNED BY");
                    out.println();
                }
                Text.println(out, summary(), width, "  ");
            }
        }
        out.flush();
    }

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (ImageInUse i : images) {
            rows.add(List.of(
                    i.repository() == null ? "-" : i.repository(),
                    i.tag() == null ? "-" : i.tag(),
                    i.imageDigest() == null ? "-" : Digest.of(i.imageDigest()).shortForm(),
                    String.join(", ", i.sources())));
        }
        return rows;
    }

    private static final List<String> SOURCE_COLUMNS = List.of("SOURCE", "REFERENCES", "PINNED BY", "CALLS", "TIME");

    /**
     * Per source: what it read and pinned (its pins counted by origin: {@code ecs:service 3, ecs:schedule 1}), the
     * calls it made and its time.
     */
    private List<List<String>> sourceRows() {
        List<List<String>> rows = new ArrayList<>();
        for (Report.SourceScan s : sources) {
            String prefix = (s.kind() == null ? s.source() : s.kind().equals("pin-file") ? "file" : s.kind()) + ":";
            java.util.Map<String, java.util.Set<String>> origins = new java.util.TreeMap<>();
            for (ImageInUse i : images) {
                for (String source : i.sources()) {
                    if (source.startsWith(prefix)) {
                        int end = source.indexOf('/');
                        String origin = end < 0 ? source.replaceAll("[=:][^:=]*$", "") : source.substring(0, end);
                        origins.computeIfAbsent(origin, k -> new java.util.HashSet<>())
                                .add(source);
                    }
                }
            }
            String pinned = origins.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().size())
                    .collect(java.util.stream.Collectors.joining(", "));
            String calls = s.calls() == null
                    ? "-"
                    : s.calls().values().stream().mapToLong(Long::longValue).sum() + " ("
                            + s.calls().entrySet().stream()
                                    .map(e -> e.getKey() + " " + e.getValue())
                                    .collect(java.util.stream.Collectors.joining(", "))
                            + ")";
            rows.add(List.of(
                    s.source(),
                    s.failure() != null
                            ? "not read"
                            : s.references() + (s.unresolved() == null ? "" : ", " + s.unresolved() + " unresolved"),
                    pinned.isEmpty() ? "-" : pinned,
                    calls,
                    String.format(java.util.Locale.ROOT, "%.1f s", s.millis() / 1e3)));
        }
        return rows;
    }

    private String summary() {
        List<String> parts = new ArrayList<>();
        for (Report.SourceScan s : sources) {
            parts.add(s.source() + " "
                    + (s.failure() != null
                            ? "not read (" + s.failure() + ")"
                            : Units.count(s.references(), "reference")));
        }
        return Units.count(images.size(), "image reference") + " in use: " + String.join(", ", parts) + ".";
    }
}
