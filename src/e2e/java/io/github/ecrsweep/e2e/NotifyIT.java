package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * --notify, end to end: a run that deletes sends its summary to an SNS topic and puts its event on an EventBridge
 * bus (read back through SQS queues subscribed to them, on the emulator); a topic that does not exist is a
 * warning, and the run's exit status and deletions stay.
 */
@ExtendWith(EcrEmulator.class)
@SuppressWarnings("unchecked") // the SDK builders' varargs of consumers
class NotifyIT {

    @TempDir
    Path home;

    private static String queueArn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private static List<Message> receive(SqsClient sqs, String url) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
    }

    @Test
    void aRunThatDeletesTellsItsTopicAndItsBusWhatItDidAndAMissingTopicIsOnlyAWarning(EcrEmulator.Server ecr)
            throws Exception {
        Seed seed = new Seed();
        SeedImage old = seed.image("shop/web", "old", EndToEndIT.daysAgo(30));
        ecr.seed(seed);
        try (SnsClient sns = EcrEmulator.client(SnsClient.builder(), ecr);
                SqsClient sqs = EcrEmulator.client(SqsClient.builder(), ecr);
                EventBridgeClient events = EcrEmulator.client(EventBridgeClient.builder(), ecr)) {
            String topic = sns.createTopic(r -> r.name("ecr-cleanup")).topicArn();
            String topicQueue = sqs.createQueue(r -> r.queueName("from-sns")).queueUrl();
            sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn(sqs, topicQueue)));
            events.createEventBus(r -> r.name("platform"));
            String busQueue = sqs.createQueue(r -> r.queueName("from-bus")).queueUrl();
            events.putRule(r -> r.name("ecrsweep-runs")
                    .eventBusName("platform")
                    .eventPattern("{\"source\":[\"ecrsweep\"],\"detail-type\":[\"ecrsweep run\"]}"));
            events.putTargets(r -> r.rule("ecrsweep-runs")
                    .eventBusName("platform")
                    .targets(t -> t.id("queue").arn(queueArn(sqs, busQueue))));
            String missing = topic.replace("ecr-cleanup", "no-such-topic");

            JarProcess.Result r = JarProcess.in(home)
                    .dummyCredentials()
                    .env("AWS_REGION", EcrEmulator.REGION)
                    .env("AWS_ENDPOINT_URL", ecr.endpoint())
                    .run(
                            "delete-untagged",
                            "--all",
                            "--older-than",
                            "7d",
                            "--yes",
                            "--run-id",
                            "nightly-2026-12-07",
                            "--notify",
                            topic,
                            "--notify",
                            "eventbridge:platform",
                            "--notify",
                            "sns:" + missing);

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err())
                    .contains("Notified SNS topic " + topic + ".")
                    .contains("Notified EventBridge bus platform.")
                    .contains("warning: the notification to SNS topic " + missing + " was not sent");
            try (var client = ecr.client()) {
                assertThat(client.describeImages(q -> q.repositoryName("shop/web"))
                                .imageDetails())
                        .isEmpty();
            }
            // SNS delivers to SQS in its envelope: the subject and the Markdown summary.
            List<Message> fromTopic = receive(sqs, topicQueue);
            assertThat(fromTopic).hasSize(1);
            JsonNode envelope = EcrEmulator.json().readTree(fromTopic.get(0).body());
            assertThat(envelope.get("Subject").asText())
                    .startsWith("ecrsweep delete-untagged in account " + EcrEmulator.ACCOUNT)
                    .contains("deleted 1 image");
            assertThat(envelope.get("Message").asText())
                    .contains("shop/web")
                    .contains(old.digest().substring(7, 19));
            // EventBridge delivers the event itself: its detail is the documented summary.
            List<Message> fromBus = receive(sqs, busQueue);
            assertThat(fromBus).hasSize(1);
            JsonNode event = EcrEmulator.json().readTree(fromBus.get(0).body());
            assertThat(event.get("source").asText()).isEqualTo("ecrsweep");
            assertThat(event.get("detail-type").asText()).isEqualTo("ecrsweep run");
            JsonNode detail = event.get("detail");
            assertThat(detail.get("command").asText()).isEqualTo("delete-untagged");
            assertThat(detail.get("runId").asText()).isEqualTo("nightly-2026-12-07");
            assertThat(detail.get("exitCode").asInt()).isZero();
            assertThat(detail.get("targets")
                            .get(0)
                            .get("summary")
                            .get("deleted")
                            .asInt())
                    .isEqualTo(1);
        }
    }
}
