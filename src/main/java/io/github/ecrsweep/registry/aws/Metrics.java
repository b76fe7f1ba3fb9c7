package io.github.ecrsweep.registry.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** Publishes a run's metrics to CloudWatch (PutMetricData), with the run's own credentials, in its region. */
public final class Metrics {

    /** The most data PutMetricData takes in one call. */
    private static final int PER_CALL = 1000;

    private Metrics() {}

    /** One value: its name, its unit as CloudWatch names units ({@code Count}, {@code Bytes}, ...), its dimensions. */
    public record Datum(java.util.Map<String, String> dimensions, String name, String unit, double value) {}

    public static void put(EcrSettings settings, String namespace, List<Datum> values, Instant at) {
        List<MetricDatum> data = new ArrayList<>();
        for (Datum d : values) {
            data.add(MetricDatum.builder()
                    .metricName(d.name())
                    .unit(StandardUnit.fromValue(d.unit()))
                    .value(d.value())
                    .dimensions(d.dimensions().entrySet().stream()
                            .map(e -> Dimension.builder()
                                    .name(e.getKey())
                                    .value(e.getValue())
                                    .build())
                            .toList())
                    .timestamp(at)
                    .build());
        }
        try (CloudWatchClient cloudwatch =
                AwsClients.resolve(settings).build(CloudWatchClient.builder(), new CallCounter(), null)) {
            for (int from = 0; from < data.size(); from += PER_CALL) {
                List<MetricDatum> batch = data.subList(from, Math.min(from + PER_CALL, data.size()));
                cloudwatch.putMetricData(r -> r.namespace(namespace).metricData(batch));
            }
        } catch (SdkException e) {
            throw EcrErrors.map(
                    e,
                    null,
                    "PutMetricData",
                    settings,
                    "region " + settings.region(),
                    new EcrErrors.Api("CloudWatch", "cloudwatch", "CLOUDWATCH"),
                    "its endpoint");
        }
    }
}
