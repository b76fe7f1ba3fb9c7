package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.AssumedRole;
import io.github.ecrsweep.registry.RegistryException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * The clients of one run, all alike: the region and credentials decided once as the AWS CLI decides them
 * ({@link AwsSetup}), url-connection HTTP, a retry strategy per operation with the configured attempts
 * ({@link OperationLimits}), a call counter, and plain HTTP only to this machine unless allowed.
 */
final class AwsClients {

    /**
     * Idle connections kept per endpoint, as many as the most workers --parallel auto starts. The JDK's HTTP
     * client keeps 5 unless {@code http.maxConnections} says otherwise, so that a run with more workers opened
     * a new connection (against ECR, a TLS handshake) for most of its calls: 603 connections for 601 calls of a
     * 200-repository cleanup, 30 with this. A value the user set for the JVM stands.
     */
    static final int KEPT_CONNECTIONS = 64;

    static {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(KEPT_CONNECTIONS));
        }
    }

    private final EcrSettings settings;
    private final AwsSetup setup;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    private AwsClients(EcrSettings settings, AwsSetup setup, Region region, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.setup = setup;
        this.region = region;
        this.credentials = credentials;
    }

    /** Decides the region and the credentials provider; fails with a clear sentence when either is missing. */
    static AwsClients resolve(EcrSettings settings) {
        AwsSetup setup = AwsSetup.standard(settings);
        setup.checkProfile();
        AwsCredentialsProvider credentials = setup.credentials();
        if (settings.role() != null) {
            credentials = assumed(settings, setup, credentials);
        }
        return new AwsClients(settings, setup, setup.region(), credentials);
    }

    /**
     * The STS clients and assumed roles of the run: one STS client per profile and region, one assumption per
     * role (an account's role serves every region of the account, refreshed before it expires), and a role that
     * could not be assumed failing alike for every target that names it, without asking STS again. Closed when
     * the run ends ({@link #closeAll}).
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, StsClient> STS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.util.concurrent.ConcurrentHashMap<
                    String, java.util.concurrent.CompletableFuture<AwsCredentialsProvider>>
            ROLES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Closes the run's STS clients and forgets its roles. */
    static void closeAll() {
        ROLES.clear();
        STS.values().forEach(StsClient::close);
        STS.clear();
    }

    /**
     * The credentials of the target's role, assumed once per run with the run's own through STS (its endpoint
     * from the SDK's settings, as every service's). STS is asked in the run's own region (AWS_REGION, the
     * profile), which is enabled, when it is of the target's partition: a target's opt-in region that the
     * account has not enabled then fails as such, not as a role that cannot be assumed. A role that cannot be
     * assumed fails each of its targets with one sentence, not the run.
     */
    private static AwsCredentialsProvider assumed(EcrSettings settings, AwsSetup setup, AwsCredentialsProvider base) {
        AssumedRole role = settings.role();
        String key = setup.profileName() + "\n" + role.arn() + "\n" + role.externalId() + "\n" + role.sessionName()
                + "\n" + settings.endpoint();
        java.util.concurrent.CompletableFuture<AwsCredentialsProvider> mine =
                new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<AwsCredentialsProvider> first = ROLES.putIfAbsent(key, mine);
        if (first != null) {
            try {
                return first.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RegistryException r ? r : e;
            }
        }
        try {
            AwsCredentialsProvider provider = assume(settings, setup, base, role);
            mine.complete(provider);
            return provider;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static AwsCredentialsProvider assume(
            EcrSettings settings, AwsSetup setup, AwsCredentialsProvider base, AssumedRole role) {
        setup.resolve(base);
        Region region = stsRegion(settings, setup);
        StsClient sts =
                STS.computeIfAbsent(setup.profileName() + "\n" + region.id() + "\n" + settings.endpoint(), k -> {
                    StsClient client = configure(StsClient.builder(), settings, setup, region, base, null)
                            .build();
                    AwsSetup.checkTransport(
                            client.serviceClientConfiguration()
                                    .endpointOverride()
                                    .orElse(null),
                            settings.allowInsecureEndpoint());
                    return client;
                });
        AssumeRoleRequest.Builder request =
                AssumeRoleRequest.builder().roleArn(role.arn()).roleSessionName(role.sessionName());
        if (role.externalId() != null) {
            request.externalId(role.externalId());
        }
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request.build())
                .build();
        try {
            provider.resolveCredentials();
        } catch (SdkException e) {
            String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                    ? a.awsErrorDetails().errorCode()
                    : null;
            Throwable network = EcrErrors.networkCause(e);
            // The trust policy is worth checking only when STS answered that the role may not be assumed.
            boolean refused = code != null && (code.startsWith("AccessDenied") || code.equals("InvalidClientTokenId"));
            throw new RegistryException(
                    RegistryException.Kind.NO_CREDENTIALS,
                    null,
                    "AssumeRole",
                    code,
                    "cannot assume role " + role.arn()
                            + (network != null
                                    ? ": the AWS security token service cannot be reached"
                                    : (code == null ? "" : " (" + code + ")")
                                            + (refused
                                                    ? ": the role may not exist in that account, or its trust"
                                                            + " policy"
                                                            + (role.externalId() == null ? "" : " and external id")
                                                            + " may not allow the credentials that assume it"
                                                    : "")),
                    e);
        }
        return provider;
    }

    /** The run's own region when there is one and it is of the target's partition, else the target's. */
    private static Region stsRegion(EcrSettings settings, AwsSetup setup) {
        Region target = setup.region();
        try {
            Region home = AwsSetup.standard(settings.withRegion(null)).region();
            return io.github.ecrsweep.registry.Partitions.of(home.id())
                            .equals(io.github.ecrsweep.registry.Partitions.of(target.id()))
                    ? home
                    : target;
        } catch (RegistryException e) {
            return target;
        }
    }

    /**
     * What every client of a run shares, STS's included: the region and credentials, url-connection HTTP, a
     * retry strategy per operation with the configured attempts and --max-rate pace ({@link OperationLimits}),
     * the call timeout, the profile, and the call counter when given.
     */
    private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C extends SdkClient> B configure(
            B builder,
            EcrSettings settings,
            AwsSetup setup,
            Region region,
            AwsCredentialsProvider credentials,
            CallCounter counter) {
        // The standard strategy: a throttled call backs off alone, with jitter, and the others go on. The SDK's
        // adaptive strategy also slows every call of its client through a rate limiter that, once throttled,
        // crawls: 10 % of calls throttled made a 5 s cleanup take 101 s, against 9 s with this one.
        OperationLimits limits = new OperationLimits(
                () -> AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts())
                        .build(),
                settings.maxRate());
        return builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(Transport.shared())
                .overrideConfiguration(o -> {
                    // Each operation its own retry strategy and --max-rate pace: ECR's quotas are per operation.
                    o.retryStrategy(limits);
                    o.addExecutionInterceptor(limits.interceptor());
                    if (counter != null) {
                        o.addMetricPublisher(counter);
                    }
                    if (settings.callTimeout() != null) {
                        o.apiCallTimeout(settings.callTimeout());
                    }
                    o.defaultProfileName(setup.profileName());
                });
    }

    Region region() {
        return region;
    }

    /** The settings with the region decided. */
    EcrSettings settings() {
        return settings.withRegion(region.id());
    }

    /**
     * Builds a client; {@code endpoint} overrides the SDK's endpoint (--endpoint-url is ECR's), else the SDK's
     * own settings decide ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}, the profile). The
     * credentials are resolved before the client is handed out, so that a failure is explained once, here.
     */
    <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C extends SdkClient> C build(
            B builder, CallCounter counter, java.net.URI endpoint) {
        configure(builder, settings, setup, region, credentials, counter);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        C client = builder.build();
        try {
            // The endpoint the client will call, whether from --endpoint-url, AWS_ENDPOINT_URL or the profile.
            AwsSetup.checkTransport(
                    client.serviceClientConfiguration().endpointOverride().orElse(null),
                    settings.allowInsecureEndpoint());
            setup.resolve(credentials);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }
}
