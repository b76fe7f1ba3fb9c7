package io.github.ecrsweep.e2e;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults between ecrsweep and the emulator, in the WireMock proxy: every request is proxied to the
 * emulator unless this turns it into a fault first, at a rate (with a fixed seed) or in a burst.
 */
final class Chaos implements ResponseDefinitionTransformerV2 {

    enum Kind {
        THROTTLE,
        HTTP_500,
        HTTP_503,
        RESET,
        /** The request reaches the emulator and is done there; its answer is lost to a connection reset. */
        RESET_AFTER,
        SLOW
    }

    /** The requests whose answer is to be lost once the emulator has done them, by serve event. */
    private final java.util.Set<java.util.UUID> losing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private volatile Kind kind;
    private volatile double rate;
    private volatile String operation;
    private volatile int delayMillis = 400;
    private final AtomicInteger burst = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private Random random = new Random(42);

    /** Faults of this kind on a share of the requests for {@code operation} (null: every operation). */
    synchronized void at(Kind kind, double rate, String operation) {
        this.kind = kind;
        this.rate = rate;
        this.operation = operation;
        this.burst.set(0);
        this.random = new Random(42);
        this.injected.set(0);
    }

    /** Faults of this kind on the next {@code count} requests for {@code operation}. */
    synchronized void burst(Kind kind, int count, String operation) {
        at(kind, 0, operation);
        burst.set(count);
    }

    /** Every answer to {@code operation} held back this long: the request has already reached the emulator. */
    synchronized void slow(int millis, String operation) {
        at(Kind.SLOW, 0, operation);
        this.delayMillis = millis;
    }

    synchronized void off() {
        at(null, 0, null);
    }

    int injected() {
        return injected.get();
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        ResponseDefinition proxied = event.getResponseDefinition();
        Kind k = kind;
        if (k == null) {
            return proxied;
        }
        String target = event.getRequest().getHeader("X-Amz-Target");
        if (operation != null && (target == null || !target.endsWith("." + operation))) {
            return proxied;
        }
        boolean hit;
        synchronized (this) {
            hit = burst.get() > 0 ? burst.getAndDecrement() > 0 : random.nextDouble() < rate;
        }
        if (!hit && k != Kind.SLOW) {
            return proxied;
        }
        injected.incrementAndGet();
        switch (k) {
            case THROTTLE:
                return error(400, "ThrottlingException", "Rate exceeded");
            case HTTP_500:
                return error(500, "ServerException", "We encountered an internal error. Please try again.");
            case HTTP_503:
                return error(503, "ServiceUnavailableException", "Service Unavailable");
            case RESET:
                return ResponseDefinitionBuilder.responseDefinition()
                        .withFault(Fault.CONNECTION_RESET_BY_PEER)
                        .build();
            case RESET_AFTER:
                losing.add(event.getId());
                return proxied;
            default:
                return ResponseDefinitionBuilder.like(proxied)
                        .withFixedDelay(delayMillis)
                        .build();
        }
    }

    private static ResponseDefinition error(int status, String type, String message) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")
                .build();
    }

    @Override
    public String getName() {
        return "ecrsweep-chaos";
    }

    /** The second half of {@link Kind#RESET_AFTER}: the emulator's answer, replaced by a reset. */
    final class LostAnswers implements com.github.tomakehurst.wiremock.extension.ResponseTransformerV2 {
        @Override
        public com.github.tomakehurst.wiremock.http.Response transform(
                com.github.tomakehurst.wiremock.http.Response response, ServeEvent event) {
            if (!losing.remove(event.getId())) {
                return response;
            }
            return com.github.tomakehurst.wiremock.http.Response.Builder.like(response)
                    .but()
                    .fault(Fault.CONNECTION_RESET_BY_PEER)
                    .build();
        }

        @Override
        public String getName() {
            return "ecrsweep-lost-answers";
        }
    }
}
