package io.github.ecrsweep.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts a JSON document to an incoming webhook (Slack, Microsoft Teams). The URL is a secret: it is never part
 * of a message, which names the webhook by where its URL came from ({@code the Slack webhook in $SLACK_URL}).
 * Only https is used, except to this machine.
 */
public final class Webhook {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Webhook() {}

    /**
     * @param url  the webhook's URL
     * @param what how messages name it
     * @throws RegistryException when it cannot be sent or is not accepted (not 2xx)
     */
    public static void post(URI url, String what, String json) {
        boolean loopback = Hosts.isLoopback(url.getHost());
        if (!"https".equalsIgnoreCase(url.getScheme()) && !("http".equalsIgnoreCase(url.getScheme()) && loopback)) {
            throw failure(what + " is not an https URL, and a webhook's URL and message cross the network");
        }
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw failure(what + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw failure(what + " cannot be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what + " was not sent: interrupted");
        }
    }

    private static RegistryException failure(String message) {
        return new RegistryException(RegistryException.Kind.SERVICE, null, "POST", null, message, null);
    }
}
