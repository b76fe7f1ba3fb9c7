package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.ServiceCalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/** Counts the SDK's API calls per operation, their retries and their throttled attempts, from its own metrics. */
final class CallCounter implements MetricPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(CallCounter.class);

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private volatile java.net.URI endpoint;

    @Override
    public void publish(MetricCollection call) {
        String operation = call.metricValues(CoreMetric.OPERATION_NAME).stream()
                .findFirst()
                .orElse("Unknown");
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (endpoint == null) {
            call.metricValues(CoreMetric.SERVICE_ENDPOINT).stream().findFirst().ifPresent(e -> endpoint = e);
        }
        call.metricValues(CoreMetric.RETRY_COUNT).stream().findFirst().ifPresent(n -> {
            retries.addAndGet(n);
            if (n > 0) {
                LOG.info("{}: retried {} times", operation, n);
            }
        });
        call.childrenWithName("ApiCallAttempt")
                .flatMap(attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE).stream())
                .filter("Throttling"::equals)
                .forEach(e -> throttled.incrementAndGet());
        ServiceCalls.made();
    }

    CallStatistics statistics() {
        Map<String, Long> snapshot = new java.util.HashMap<>();
        calls.forEach((k, v) -> snapshot.put(k, v.sum()));
        return new CallStatistics(snapshot, retries.get(), throttled.get());
    }

    /** Where the calls went, as the SDK resolved it (the endpoint settings, the region, FIPS): once a call was made. */
    java.util.Optional<java.net.URI> endpoint() {
        return java.util.Optional.ofNullable(endpoint);
    }

    @Override
    public void close() {}
}
