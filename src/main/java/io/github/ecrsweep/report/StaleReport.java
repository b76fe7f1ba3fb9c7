package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.report.ListReport.Listing;
import io.github.ecrsweep.rules.Image;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code list --stale D} (docs/stale.schema.json): the repositories with no push and no recorded pull for D, idlest
 * first, with what they hold and cost. A repository's last activity is the newest push (a restore counting as one)
 * or recorded pull of its images; an empty repository's is its creation, and one whose creation is unknown is
 * shown as idle since an unknown time. ECR records a pull about once a day, so a window under two days is coarse.
 */
@JsonPropertyOrder({"schemaVersion", "kind", "account", "region", "evaluatedAt", "idleFor", "repositories"})
public record StaleReport(
        int schemaVersion,
        String kind,
        String account,
        String region,
        String evaluatedAt,
        String idleFor,
        List<Row> repositories) {

    /** One idle repository; times are null when unknown (none pushed, never pulled, creation not recorded). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({
        "repositoryName",
        "images",
        "bytes",
        "monthlyUsd",
        "lastPushedAt",
        "lastPulledAt",
        "createdAt",
        "idleDays"
    })
    public record Row(
            String repositoryName,
            int images,
            long bytes,
            double monthlyUsd,
            String lastPushedAt,
            String lastPulledAt,
            String createdAt,
            Long idleDays) {}

    public static StaleReport of(Location location, List<Listing> listings, Instant now, Duration idle) {
        Instant cutoff = now.minus(idle);
        List<Row> rows = new ArrayList<>();
        for (Listing l : listings) {
            Instant pushed = l.images().stream()
                    .map(Image::effectivePushTime)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            Instant pulled = l.images().stream()
                    .map(Image::lastRecordedPullTime)
                    .filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            Instant created = l.repository().createdAt();
            Instant last = latest(latest(pushed, pulled), l.images().isEmpty() ? created : null);
            if (last != null && !last.isBefore(cutoff)) {
                continue;
            }
            long bytes = l.images().stream().mapToLong(Image::storedBytes).sum();
            rows.add(new Row(
                    l.repository().name(),
                    l.images().size(),
                    bytes,
                    Math.round(Units.monthlyUsd(bytes) * 100) / 100.0,
                    pushed == null ? null : pushed.toString(),
                    pulled == null ? null : pulled.toString(),
                    created == null ? null : created.toString(),
                    last == null ? null : Duration.between(last, now).toDays()));
        }
        rows.sort(Comparator.comparing((Row r) -> r.idleDays() == null ? Long.MAX_VALUE : r.idleDays())
                .reversed()
                .thenComparing(Row::repositoryName));
        return new StaleReport(
                1, "stale", location.account(), location.region(), now.toString(), idle.toString(), rows);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static final List<Csv.Column<Row>> CSV = List.of(
            new Csv.Column<>("repositoryName", Row::repositoryName),
            new Csv.Column<>("images", r -> String.valueOf(r.images())),
            new Csv.Column<>("bytes", r -> String.valueOf(r.bytes())),
            new Csv.Column<>("monthlyUsd", r -> String.valueOf(r.monthlyUsd())),
            new Csv.Column<>("lastPushedAt", r -> r.lastPushedAt() == null ? "" : r.lastPushedAt()),
            new Csv.Column<>("lastPulledAt", r -> r.lastPulledAt() == null ? "" : r.lastPulledAt()),
            new Csv.Column<>("idleDays", r -> r.idleDays() == null ? "" : String.valueOf(r.idleDays())));

    /** @param source where the data came from, for the closing line; @param width a table's widest line, 0 for none */
    public void write(String source, Format format, PrintWriter out, int width) {
        switch (format) {
            case json -> out.println(ReportWriter.json(this));
            case csv -> Csv.write(out, CSV, repositories);
            default -> {
                Table table = new Table("REPOSITORY", "IMAGES", "SIZE", "COST/MONTH", "LAST PUSH", "LAST PULL", "IDLE");
                long total = 0;
                for (Row r : repositories) {
                    total += r.bytes();
                    table.row(
                            r.repositoryName(),
                            String.valueOf(r.images()),
                            Units.bytes(r.bytes()),
                            Units.usd(r.monthlyUsd()),
                            r.lastPushedAt() == null ? "-" : Units.time(r.lastPushedAt()),
                            r.lastPulledAt() == null ? "never" : Units.time(r.lastPulledAt()),
                            r.idleDays() == null ? "unknown" : r.idleDays() + " d");
                }
                ListReport.forPeople(
                        format,
                        out,
                        table,
                        width,
                        Units.count(repositories.size(), "repository", "repositories") + " of " + source
                                + " with no push and no recorded pull for "
                                + io.github.ecrsweep.rules.Ages.format(Duration.parse(idleFor))
                                + ": " + Units.bytes(total) + " (" + Units.usd(Units.monthlyUsd(total)) + "/month).");
            }
        }
        out.flush();
    }
}
