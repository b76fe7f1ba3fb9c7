package io.github.ecrsweep.registry.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The ECR clients of one target, one per operation. ECR's rate quotas are per operation (and per account and
 * region), and the SDK's adaptive retry strategy keeps one client-side rate limiter per client: with a client
 * per operation, throttled BatchDeleteImage calls slow the deletions only, while the DescribeImages calls of
 * the other workers go on at their own pace. Clients are built when an operation is first called; the first
 * is built at once, so that a missing region or credentials fail before any work.
 */
final class OperationClients implements AutoCloseable {

    private final Function<Pace, EcrClient> build;
    private final double maxRate;
    private final EcrClient first;
    private final Map<String, EcrClient> clients = new ConcurrentHashMap<>();
    private final boolean shared;
    private final AtomicBoolean firstTaken = new AtomicBoolean();

    private OperationClients(Function<Pace, EcrClient> build, double maxRate, EcrClient first, boolean shared) {
        this.build = build;
        this.maxRate = maxRate;
        this.first = first;
        this.shared = shared;
    }

    /** One client for every operation (tests, and callers that built their own client). */
    static OperationClients sharing(EcrClient client) {
        return new OperationClients(pace -> client, 0, client, true);
    }

    /** A client per operation from {@code build}, each with its own ceiling of {@code maxRate} calls per second (0: none). */
    static OperationClients each(Function<Pace, EcrClient> build, double maxRate) {
        return new OperationClients(build, maxRate, build.apply(pace(maxRate)), false);
    }

    private static Pace pace(double maxRate) {
        return maxRate > 0 ? new Pace(maxRate) : null;
    }

    /** The client built first: its configuration (region) is every client's. */
    EcrClient first() {
        return first;
    }

    /** The client of this operation; the first operation called takes the client built first. */
    EcrClient of(String operation) {
        if (shared) {
            return first;
        }
        return clients.computeIfAbsent(
                operation, op -> firstTaken.compareAndSet(false, true) ? first : build.apply(pace(maxRate)));
    }

    @Override
    public void close() {
        List<EcrClient> all = new ArrayList<>(clients.values());
        if (!all.contains(first)) {
            all.add(first);
        }
        all.forEach(EcrClient::close);
    }
}
