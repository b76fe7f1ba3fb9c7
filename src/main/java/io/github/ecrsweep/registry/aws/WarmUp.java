package io.github.ecrsweep.registry.aws;

import java.net.URI;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * What the run's first ECR client needs made once per process, made on the other core while the main thread
 * still reads the command line: the SDK's client stack (its classes, endpoint rules, interceptors and
 * marshallers, a tenth of a second of a short run), the request signer's (40 ms at its first signature) and,
 * for an https:// endpoint, the TLS set-up (the JDK's TLS provider and trusted certificates). A client is built
 * and closed and a request signed without a credential or a call; the run's own client then finds it all ready.
 */
public final class WarmUp {

    private WarmUp() {}

    /**
     * Makes what the run's first client needs; for a thread that only prepares (the caller's). A runtime failure is
     * logged at debug level and left to the run's client, which reports it; an error is the caller's thread's.
     */
    public static void run(boolean tls) {
        try {
            if (tls) {
                SSLContext.getInstance("TLS").init(null, null, null);
            }
            EcrClient.builder()
                    .region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .httpClient(Transport.shared())
                    .build()
                    .close();
            // Signature Version 4 over a request to nowhere, with a key of no account: the digests and HMAC of the
            // JDK's providers, set up at their first use.
            AwsV4HttpSigner.create()
                    .sign(r -> r.identity(AwsCredentialsIdentity.create("warm-up", "warm-up"))
                            .request(SdkHttpRequest.builder()
                                    .uri(URI.create("http://127.0.0.1/"))
                                    .method(SdkHttpMethod.POST)
                                    .build())
                            .payload(ContentStreamProvider.fromUtf8String("{}"))
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecr")
                            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        } catch (GeneralSecurityException | RuntimeException e) {
            LoggerFactory.getLogger(WarmUp.class).debug("warm-up: {}", e.toString());
        }
    }
}
