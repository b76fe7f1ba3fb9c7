package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/** Each operation of a client its own retry strategy: throttling of one does not slow the others. */
class OperationLimitsTest {

    @Test
    void eachOperationIsLimitedByItsOwnStrategyThroughARealClient() throws Exception {
        List<RetryStrategy> made = new ArrayList<>();
        OperationLimits limits = new OperationLimits(
                () -> {
                    RetryStrategy s = spy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(2)
                            .build());
                    made.add(s);
                    return s;
                },
                0);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            boolean throttle = target.endsWith(".BatchDeleteImage");
            byte[] body = (throttle
                            ? "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"
                            : "{\"imageDetails\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(throttle ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (EcrClient ecr = EcrClient.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(limits).addExecutionInterceptor(limits.interceptor()))
                .build()) {
            assertThat(ecr.serviceClientConfiguration().overrideConfiguration().retryStrategy())
                    .as("the client keeps the strategy as given")
                    .containsSame(limits);

            ecr.describeImages(r -> r.repositoryName("web"));
            try {
                ecr.batchDeleteImage(r -> r.repositoryName("web")
                        .imageIds(ImageIdentifier.builder()
                                .imageDigest("sha256:" + "a".repeat(64))
                                .build()));
            } catch (EcrException throttled) {
                assertThat(throttled.isThrottlingException()).isTrue();
            }
            ecr.describeImages(r -> r.repositoryName("web"));
        } finally {
            server.stop(0);
        }

        RetryStrategy describe = limits.of("DescribeImages");
        RetryStrategy delete = limits.of("BatchDeleteImage");
        assertThat(describe).isNotSameAs(delete);
        assertThat(made).contains(describe, delete);
        verify(describe, atLeastOnce()).acquireInitialToken(any(AcquireInitialTokenRequest.class));
        verify(describe, never()).refreshRetryToken(any());
        verify(delete, atLeastOnce()).refreshRetryToken(any());

        // Each operation its own window of calls in flight: the throttled one halved by its first throttling (both
        // attempts counted), the other grown, every place given back.
        CallWindow describing = limits.window("DescribeImages");
        CallWindow deleting = limits.window("BatchDeleteImage");
        assertThat(deleting.throttledInAll()).isEqualTo(2);
        assertThat(deleting.limit()).isEqualTo(CallWindow.INITIAL / 2);
        assertThat(describing.throttledInAll()).isZero();
        assertThat(describing.limit()).isEqualTo(CallWindow.INITIAL + 2);
        assertThat(describing.inFlight()).isZero();
        assertThat(deleting.inFlight()).isZero();
    }

    @Test
    void anOperationKeepsItsStrategy() {
        OperationLimits limits = new OperationLimits(
                () -> AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(4)
                        .build(),
                0);

        assertThat(limits.of("DescribeImages")).isSameAs(limits.of("DescribeImages"));
        assertThat(limits.of("DescribeImages")).isNotSameAs(limits.of("ListImages"));
        assertThat(limits.maxAttempts()).isEqualTo(4);
        assertThat(limits.useClientDefaults()).isFalse();
    }
}
