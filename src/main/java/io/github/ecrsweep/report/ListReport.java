package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.snapshot.RegistryExport;
import io.github.ecrsweep.registry.snapshot.RegistryExport.RepositoryData;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.ImageFilter;
import io.github.ecrsweep.rules.ImageGraph;
import io.github.ecrsweep.rules.ImageKind;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code list} shows: one summary row per repository (its JSON document is specified in
 * {@code docs/list.schema.json}), or one row per image, whose JSON is the registry export. Each format is
 * written from the same rows; a CSV header and its rows come from one list of columns.
 */
public final class ListReport {

    private ListReport() {}

    /**
     * One repository read whole.
     *
     * @param policy           its lifecycle policy text, or null (also when it was not asked for)
     * @param reclaimableBytes what delete-untagged would free; 0 in an image listing
     */
    public record Listing(Repository repository, List<Image> images, String policy, long reclaimableBytes) {}

    /** One repository in the summary. */
    @JsonPropertyOrder({"repositoryName", "images", "untagged", "bytes", "reclaimableBytes", "lifecyclePolicy"})
    public record RepositoryRow(
            String repositoryName,
            int images,
            long untagged,
            long bytes,
            long reclaimableBytes,
            boolean lifecyclePolicy) {}

    /** The summary: what {@code list -o json} writes. */
    @JsonPropertyOrder({"schemaVersion", "account", "region", "repositories"})
    public record Summary(int schemaVersion, String account, String region, List<RepositoryRow> repositories) {

        public Summary {
            repositories = List.copyOf(repositories);
        }
    }

    /** One image shown, with its kind in its repository's image graph. */
    public record ImageRow(String repositoryName, Image image, ImageKind kind) {}

    private static final List<Csv.Column<RepositoryRow>> SUMMARY_CSV = List.of(
            new Csv.Column<>("repositoryName", RepositoryRow::repositoryName),
            new Csv.Column<>("images", r -> String.valueOf(r.images())),
            new Csv.Column<>("untagged", r -> String.valueOf(r.untagged())),
            new Csv.Column<>("bytes", r -> String.valueOf(r.bytes())),
            new Csv.Column<>("reclaimableBytes", r -> String.valueOf(r.reclaimableBytes())),
            new Csv.Column<>("lifecyclePolicy", r -> String.valueOf(r.lifecyclePolicy())));

    private static final List<Csv.Column<ImageRow>> IMAGES_CSV = List.of(
            new Csv.Column<>("repositoryName", ImageRow::repositoryName),
            new Csv.Column<>("imageDigest", r -> r.image().digest().toString()),
            new Csv.Column<>("imageTags", r -> String.join(";", r.image().tags())),
            new Csv.Column<>("imagePushedAt", r -> r.image().pushedAt().toString()),
            new Csv.Column<>("lastRecordedPullTime", r -> Csv.text(r.image().lastRecordedPullTime())),
            new Csv.Column<>("imageSizeInBytes", r -> String.valueOf(r.image().sizeInBytes())),
            new Csv.Column<>("kind", r -> r.kind().code()),
            new Csv.Column<>("imageStatus", r -> r.image().status().name()));

    // ---- the summary

    public static Summary summary(Location location, List<Listing> listings) {
        return new Summary(
                1,
                location.account(),
                location.region(),
                listings.stream()
                        .map(l -> new RepositoryRow(
                                l.repository().name(),
                                l.images().size(),
                                l.images().stream().filter(i -> !i.isTagged()).count(),
                                l.images().stream()
                                        .mapToLong(Image::storedBytes)
                                        .sum(),
                                l.reclaimableBytes(),
                                l.policy() != null))
                        .toList());
    }

    /** @param source where the data came from, for the closing line; @param width a table's widest line, 0 for no limit */
    public static void write(Summary summary, String source, Format format, PrintWriter out, int width) {
        switch (format) {
            case json -> out.println(ReportWriter.json(summary));
            case csv -> Csv.write(out, SUMMARY_CSV, summary.repositories());
            default -> {
                Table table = new Table("REPOSITORY", "IMAGES", "UNTAGGED", "SIZE", "RECLAIMABLE", "POLICY");
                long total = 0;
                long reclaimable = 0;
                for (RepositoryRow r : summary.repositories()) {
                    total += r.bytes();
                    reclaimable += r.reclaimableBytes();
                    table.row(
                            r.repositoryName(),
                            String.valueOf(r.images()),
                            String.valueOf(r.untagged()),
                            Units.bytes(r.bytes()),
                            Units.bytes(r.reclaimableBytes()),
                            r.lifecyclePolicy() ? "yes" : "no");
                }
                forPeople(
                        format,
                        out,
                        table,
                        width,
                        Units.count(summary.repositories().size(), "repository", "repositories") + " of " + source
                                + ", " + Units.bytes(total) + " (" + Units.usd(Units.monthlyUsd(total))
                                + "/month); delete-untagged would reclaim " + Units.bytes(reclaimable) + " ("
                                + Units.usd(Units.monthlyUsd(reclaimable)) + "/month).");
            }
        }
        out.flush();
    }

    // ---- one row per image

    /** The images {@code filter} shows, each with its kind in the graph of all its repository's images. */
    public static List<ImageRow> imageRows(List<Listing> listings, ImageFilter filter, Instant now) {
        List<ImageRow> rows = new ArrayList<>();
        for (Listing l : listings) {
            ImageGraph graph = ImageGraph.of(l.images());
            for (Image i : graph.images()) {
                if (filter.shows(i, now)) {
                    rows.add(new ImageRow(l.repository().name(), i, graph.kindOf(i)));
                }
            }
        }
        return rows;
    }

    /**
     * Writes the images {@code filter} shows; as JSON, the registry export, marked partial with
     * {@code filters} (the options as given; null when every image is shown).
     */
    public static void writeImages(
            List<Listing> listings,
            ImageFilter filter,
            String filters,
            Instant now,
            Location location,
            String source,
            Format format,
            PrintWriter out,
            int width) {
        if (format == Format.json) {
            List<RepositoryData> data = listings.stream()
                    .map(l -> new RepositoryData(
                            l.repository(),
                            l.policy(),
                            l.images().stream()
                                    .filter(i -> filter.shows(i, now))
                                    .toList()))
                    .toList();
            RegistryExport.write(
                    out, data, now, new RegistryExport.Origin(location.account(), location.region(), filters));
            out.println();
            out.flush();
            return;
        }
        List<ImageRow> rows = imageRows(listings, filter, now);
        if (format == Format.csv) {
            Csv.write(out, IMAGES_CSV, rows);
            out.flush();
            return;
        }
        Table table = new Table("REPOSITORY", "IMAGE", "TAGS", "PUSHED", "LAST PULLED", "SIZE", "KIND", "STATUS")
                .shorten("PUSHED", Units::date)
                .shorten("LAST PULLED", Units::date)
                .droppable("STATUS", "KIND", "LAST PULLED", "SIZE");
        for (ImageRow r : rows) {
            Image i = r.image();
            table.row(
                    r.repositoryName(),
                    i.digest().shortForm(),
                    Units.tags(i.tags()),
                    Units.time(i.pushedAt()),
                    Units.time(i.lastRecordedPullTime()),
                    Units.bytes(i.sizeInBytes()),
                    r.kind().code(),
                    i.status().name().toLowerCase(Locale.ROOT));
        }
        forPeople(
                format,
                out,
                table,
                width,
                Units.count(rows.size(), "image") + " in " + Units.count(listings.size(), "repository", "repositories")
                        + " of " + source + ".");
        out.flush();
    }

    /** A table and its closing line: aligned text fitted to {@code width}, or Markdown for a CI summary. */
    static void forPeople(Format format, PrintWriter out, Table table, int width, String closing) {
        if (format == Format.markdown) {
            table.printMarkdown(out);
            out.println();
            out.println(Markdown.text(closing));
        } else {
            table.print(out, width, "TAGS");
            Text.println(out, closing, width, "  ");
        }
    }
}
