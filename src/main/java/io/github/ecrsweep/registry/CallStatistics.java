package io.github.ecrsweep.registry;

import java.util.Map;
import java.util.TreeMap;

/**
 * The AWS calls a run made: per operation, and how many attempts were retries and how many answers
 * were throttling.
 */
public record CallStatistics(Map<String, Long> calls, long retries, long throttled) {

    public static final CallStatistics NONE = new CallStatistics(Map.of(), 0, 0);

    public CallStatistics {
        calls = Map.copyOf(new TreeMap<>(calls));
    }

    public long total() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }
}
