package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.RegistryException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Notifications through AWS: a message to an Amazon SNS topic, an event on an EventBridge bus. Each is sent with
 * the run's own credentials (never a target's assumed role), in the region its ARN names, else the run's.
 */
public final class Notifications {

    /** SNS's limits: a subject of at most 100 characters, a message of at most 256 KiB. */
    static final int SUBJECT = 100;

    static final int MESSAGE = 256 * 1024;

    private static final Pattern ARN = Pattern.compile("arn:[^:]+:(sns|events):([^:]*):[0-9]{12}:.+");

    private Notifications() {}

    /** Publishes to a topic (its ARN); a message past SNS's limit is cut, and says so. */
    public static void sns(EcrSettings settings, String topicArn, String subject, String message) {
        EcrSettings in = settings.withRegion(region(topicArn, settings));
        try (SnsClient sns = AwsClients.resolve(in).build(SnsClient.builder(), new CallCounter(), null)) {
            sns.publish(r -> r.topicArn(topicArn)
                    .subject(cut(subject.replaceAll("[^\\x20-\\x7E]", " "), SUBJECT))
                    .message(bounded(message, MESSAGE)));
        } catch (SdkException e) {
            throw EcrErrors.map(
                    e, null, "Publish", in, "region " + in.region(), new EcrErrors.Api("SNS", "sns"), "its endpoint");
        }
    }

    /** Puts one event on a bus (a name or an ARN): source {@code ecrsweep}, its detail a JSON object. */
    public static void eventBridge(EcrSettings settings, String bus, String source, String detailType, String detail) {
        EcrSettings in = settings.withRegion(region(bus, settings));
        PutEventsResponse answer;
        try (EventBridgeClient events =
                AwsClients.resolve(in).build(EventBridgeClient.builder(), new CallCounter(), null)) {
            answer = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder()
                    .eventBusName(bus)
                    .source(source)
                    .detailType(detailType)
                    .detail(detail)
                    .build()));
        } catch (SdkException e) {
            throw EcrErrors.map(
                    e, null, "PutEvents", in, "region " + in.region(), EcrErrors.Api.EVENTBRIDGE, "its endpoint");
        }
        if (answer.failedEntryCount() != null && answer.failedEntryCount() > 0) {
            var entry = answer.entries().get(0);
            throw new RegistryException(
                    RegistryException.Kind.SERVICE,
                    null,
                    "PutEvents",
                    entry.errorCode(),
                    "EventBridge did not take the event (" + entry.errorCode() + ": " + entry.errorMessage() + ")",
                    null);
        }
    }

    private static String region(String arnOrName, EcrSettings settings) {
        Matcher m = ARN.matcher(arnOrName);
        return m.matches() && !m.group(2).isEmpty() ? m.group(2).toLowerCase(Locale.ROOT) : settings.region();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** At most {@code max} bytes of UTF-8, a line at the end saying what was left out. */
    static String bounded(String text, int max) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return text;
        }
        String note = "\n\n(cut at " + max / 1024 + " KiB: the whole report is in the run's output or --report file)\n";
        int keep = max - note.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        String kept = new String(bytes, 0, keep, java.nio.charset.StandardCharsets.UTF_8);
        // A character cut in two is dropped.
        return kept.replaceAll("\\uFFFD$", "") + note;
    }
}
