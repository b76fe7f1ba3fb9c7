package io.github.ecrsweep.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** A WireMock proxy on 127.0.0.1 in front of the emulator, with {@link Chaos} to turn requests into faults. */
final class ChaosProxy implements AutoCloseable {

    private final WireMockServer server;
    private final Chaos chaos = new Chaos();

    ChaosProxy(EcrEmulator.Server target) {
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .extensions(chaos, chaos.new LostAnswers())
                .disableRequestJournal());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(target.endpoint())));
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    Chaos chaos() {
        return chaos;
    }

    @Override
    public void close() {
        server.stop();
    }
}
