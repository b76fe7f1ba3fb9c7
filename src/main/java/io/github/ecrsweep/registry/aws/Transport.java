package io.github.ecrsweep.registry.aws;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP of a run's clients (the SDK's url-connection client): its TLS set-up (the JDK's TLS provider and
 * trusted certificates, tens of milliseconds of a short run) is made at the first {@code https://} request, not
 * when the client is built, so that a run against an {@code http://} endpoint (an emulator, allowed with
 * --allow-insecure-endpoint) never makes it. An {@code http://} request goes through the JDK's own connection
 * with the same timeouts; where a proxy is set in the environment (HTTP_PROXY), through the SDK's client as
 * before, which honours it. One for the whole process: every client (ECR in each region and account, STS, the
 * in-use sources) shares one TLS set-up, where each used to make its own. The SDK does not close an HTTP client
 * it was given, and this one holds nothing to close.
 */
final class Transport implements SdkHttpClient {

    private static final Transport SHARED = new Transport(System.getenv());

    /** The process's transport. */
    static Transport shared() {
        return SHARED;
    }

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final boolean proxied;
    private final SdkHttpClient plain = UrlConnectionHttpClient.create(uri -> {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
            return connection;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    });
    private volatile SdkHttpClient secure;

    Transport(Map<String, String> environment) {
        this.proxied = environment.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("http_proxy"));
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        boolean http = "http".equalsIgnoreCase(request.httpRequest().protocol());
        return (http && !proxied ? plain : secure()).prepareRequest(request);
    }

    /** The SDK's client with its TLS set-up, made once, at the first request that needs it. */
    private SdkHttpClient secure() {
        SdkHttpClient made = secure;
        if (made == null) {
            synchronized (this) {
                made = secure;
                if (made == null) {
                    made = UrlConnectionHttpClient.builder()
                            .connectionTimeout(CONNECT_TIMEOUT)
                            .socketTimeout(READ_TIMEOUT)
                            .build();
                    secure = made;
                }
            }
        }
        return made;
    }

    /** Whether the TLS set-up was made: for tests. */
    boolean secureMade() {
        return secure != null;
    }

    @Override
    public String clientName() {
        return plain.clientName();
    }

    @Override
    public void close() {
        plain.close();
        SdkHttpClient made = secure;
        if (made != null) {
            made.close();
        }
    }
}
