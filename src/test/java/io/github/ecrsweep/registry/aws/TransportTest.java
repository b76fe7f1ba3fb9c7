package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The TLS set-up is made at the first https:// request, never for plain HTTP. */
class TransportTest {

    private static HttpExecuteRequest request(URI uri) {
        return HttpExecuteRequest.builder()
                .request(SdkHttpRequest.builder()
                        .uri(uri)
                        .method(SdkHttpMethod.GET)
                        .build())
                .build();
    }

    @Test
    void plainHttpIsAnsweredWithoutTheTlsSetUp() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Transport transport = new Transport(Map.of());
        try {
            HttpExecuteResponse response = transport
                    .prepareRequest(request(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")))
                    .call();
            assertThat(response.httpResponse().statusCode()).isEqualTo(200);
            assertThat(new String(response.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("ok");
            assertThat(transport.secureMade()).isFalse();
        } finally {
            server.stop(0);
            transport.close();
        }
    }

    @Test
    void httpsMakesTheTlsSetUpOnce() {
        Transport transport = new Transport(Map.of());
        transport.prepareRequest(request(URI.create("https://ecr.eu-west-1.amazonaws.com/")));
        assertThat(transport.secureMade()).isTrue();
        assertThat(transport.clientName()).isEqualTo("UrlConnection");
    }

    /** A proxy set in the environment is honoured by the SDK's client, also for plain HTTP. */
    @Test
    void aProxyInTheEnvironmentGoesThroughTheSdksClient() {
        Transport transport = new Transport(Map.of("HTTP_PROXY", "http://127.0.0.1:3128"));
        transport.prepareRequest(request(URI.create("http://127.0.0.1:9/")));
        assertThat(transport.secureMade()).isTrue();
    }
}
