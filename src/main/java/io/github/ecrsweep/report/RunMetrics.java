package io.github.ecrsweep.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --metrics} publishes of a run, per target and for the whole run: the images deleted and archived,
 * the bytes reclaimed, the repositories that failed, the duration, and the AWS calls made and throttled.
 *
 * @param account null for the whole run of several targets
 * @param region  null for the whole run of several targets
 */
public record RunMetrics(
        String command,
        String account,
        String region,
        long imagesDeleted,
        long imagesArchived,
        long bytesReclaimed,
        long repositoriesFailed,
        long durationMillis,
        long calls,
        long throttledCalls) {

    /** One value: its CloudWatch name and unit. */
    public record Datum(String name, String unit, double value) {}

    /** A target's metrics, from its report (a result) and the calls it made. */
    public static RunMetrics of(Report report, long durationMillis, long calls, long throttled) {
        long deleted = 0;
        long archived = 0;
        long bytes = 0;
        for (Report.RepositoryReport r : report.repositories()) {
            for (Report.ImageReport i : r.images()) {
                if (!i.changedRegistry()) {
                    continue;
                }
                if ("archived".equals(i.result())) {
                    archived++;
                } else {
                    deleted++;
                    bytes += i.bytes() == null ? 0 : i.bytes();
                }
            }
        }
        return new RunMetrics(
                report.command().code(),
                report.account(),
                report.region(),
                deleted,
                archived,
                bytes,
                report.summary() == null ? 0 : report.summary().failedRepositories(),
                durationMillis,
                calls,
                throttled);
    }

    /** The whole run: every target's added up, the duration the longest. */
    public static RunMetrics total(String command, List<RunMetrics> targets) {
        return new RunMetrics(
                command,
                null,
                null,
                targets.stream().mapToLong(RunMetrics::imagesDeleted).sum(),
                targets.stream().mapToLong(RunMetrics::imagesArchived).sum(),
                targets.stream().mapToLong(RunMetrics::bytesReclaimed).sum(),
                targets.stream().mapToLong(RunMetrics::repositoriesFailed).sum(),
                targets.stream().mapToLong(RunMetrics::durationMillis).max().orElse(0),
                targets.stream().mapToLong(RunMetrics::calls).sum(),
                targets.stream().mapToLong(RunMetrics::throttledCalls).sum());
    }

    public List<Datum> data() {
        return List.of(
                new Datum("ImagesDeleted", "Count", imagesDeleted),
                new Datum("ImagesArchived", "Count", imagesArchived),
                new Datum("BytesReclaimed", "Bytes", bytesReclaimed),
                new Datum("RepositoriesFailed", "Count", repositoriesFailed),
                new Datum("Duration", "Milliseconds", durationMillis),
                new Datum("Calls", "Count", calls),
                new Datum("ThrottledCalls", "Count", throttledCalls));
    }

    /** The dimensions: Command, and Account and Region for a target. */
    public Map<String, String> dimensions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("Command", command);
        if (account != null) {
            d.put("Account", account);
        }
        if (region != null) {
            d.put("Region", region);
        }
        return d;
    }

    /** One line of CloudWatch's embedded metric format, for a Lambda's or a container's log. */
    public String emf(String namespace, long timestampMillis) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(
                "_aws",
                Map.of(
                        "Timestamp",
                        timestampMillis,
                        "CloudWatchMetrics",
                        List.of(Map.of(
                                "Namespace",
                                namespace,
                                "Dimensions",
                                List.of(List.copyOf(dimensions().keySet())),
                                "Metrics",
                                data().stream()
                                        .map(d -> Map.of("Name", d.name(), "Unit", d.unit()))
                                        .toList()))));
        line.putAll(dimensions());
        data().forEach(d -> line.put(d.name(), d.value()));
        return ReportWriter.compactJson(line);
    }
}
