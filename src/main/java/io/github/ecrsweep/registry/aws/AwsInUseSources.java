package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.registry.inuse.InUseSource;
import io.github.ecrsweep.registry.inuse.References;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The in-use sources that ask AWS services: ECS, Lambda and Amazon Inspector, in the run's account and
 * region, with the run's profile, credentials, retries and call counting. Their endpoints come from the
 * SDK's own settings ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_ECS}, ...); {@code --endpoint-url}
 * is ECR's alone.
 */
public final class AwsInUseSources {

    /** The services ecrsweep can ask what runs. */
    public enum Service {
        ECS,
        LAMBDA,
        INSPECTOR,
        CLOUDFORMATION,
        BATCH;

        /** The name on the command line: {@code ecs}, {@code lambda}, {@code inspector}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private AwsInUseSources() {}

    /**
     * The source for one service; the client is made when it scans.
     *
     * @param within    for Inspector: an image last in use within this time before {@code now} counts as in use
     * @param revisions for ECS and Batch: the newest ACTIVE revisions of each task or job definition kept; null
     *                  for every one
     */
    public static InUseSource of(
            Service service, EcrSettings settings, Instant now, Duration within, Integer revisions) {
        return switch (service) {
            case ECS -> new EcsInUse(settings, revisions);
            case LAMBDA -> new LambdaInUse(settings);
            case INSPECTOR -> new InspectorInUse(settings, now, within);
            case CLOUDFORMATION -> new CloudFormationInUse(settings);
            case BATCH -> new BatchInUse(settings, revisions);
        };
    }

    /** What the three sources share: the clients, the counter, and how a failed call is told. */
    abstract static class Base implements InUseSource {
        private final EcrSettings settings;
        private final EcrErrors.Api api;
        private final CallCounter counter = new CallCounter();
        private AwsClients clients;

        Base(EcrSettings settings, EcrErrors.Api api) {
            this.settings = settings;
            this.api = api;
        }

        AwsClients clients() {
            if (clients == null) {
                clients = AwsClients.resolve(settings);
            }
            return clients;
        }

        CallCounter counter() {
            return counter;
        }

        <T> T call(String operation, Supplier<T> body) {
            return call(api, operation, body);
        }

        /** A call to another service than the source's own (EventBridge for ECS's scheduled tasks). */
        <T> T call(EcrErrors.Api api, String operation, Supplier<T> body) {
            try {
                return body.get();
            } catch (SdkException e) {
                EcrSettings resolved = clients == null ? settings : clients.settings();
                throw EcrErrors.map(
                        e,
                        null,
                        operation,
                        resolved,
                        "region " + resolved.region(),
                        api,
                        "its endpoint (AWS_ENDPOINT_URL_" + api.endpointId() + ")");
            }
        }

        @Override
        public CallStatistics statistics() {
            return counter.statistics();
        }

        private volatile java.util.Map<String, Integer> others = java.util.Map.of();

        /** The references a scan sorts out: ECR's kept, others counted, an unreadable ECR one refused. */
        References references() {
            return new References("in-use source '" + name() + "'");
        }

        /** What a scan found, its count of other registries kept for {@link #otherRegistries()}. */
        List<InUseReference> found(References references) {
            others = references.others();
            return references.list();
        }

        @Override
        public java.util.Map<String, Integer> otherRegistries() {
            return others;
        }
    }
}
