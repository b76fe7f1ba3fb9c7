package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.ecrsweep.report.ReportWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --notify: a run tells its webhooks what it did, never their URLs, and a failed notification changes nothing. */
class NotifyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook/secret-token", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Path hookFile() throws Exception {
        Path file = dir.resolve("slack-url");
        Files.writeString(file, "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/secret-token\n");
        return file;
    }

    private CliRunner.Run run(String... more) {
        List<String> args = new java.util.ArrayList<>(
                List.of("delete-untagged", "--all", "--snapshot", "examples/registry.json", "--dry-run"));
        args.addAll(List.of(more));
        return CliRunner.create().run(args.toArray(String[]::new));
    }

    @Test
    void aDryRunThatWouldChangeSomethingIsSentToSlackAndTeamsAndTheUrlIsNeverShown() throws Exception {
        Path hook = hookFile();

        CliRunner.Run r = run("--notify", "slack:file:" + hook, "--notify", "teams:file:" + hook);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(bodies).hasSize(2);
        JsonNode slack = JSON.readTree(bodies.get(0));
        assertThat(slack.get("text").asText())
                .startsWith("*ecrsweep delete-untagged in snapshot examples/registry.json")
                .contains("would change 3 repositories (dry run)*")
                .contains("Plan: delete 12 images");
        JsonNode teams = JSON.readTree(bodies.get(1));
        assertThat(teams.get("@type").asText()).isEqualTo("MessageCard");
        assertThat(teams.get("text").asText()).contains("Plan: delete 12 images");
        assertThat(r.err()).contains("Notified the Slack webhook in " + hook).doesNotContain("secret-token");
        assertThat(r.out()).doesNotContain("secret-token");
    }

    @Test
    void aWebhookThatFailsIsAWarningAndTheExitStatusStays() throws Exception {
        status.set(500);

        CliRunner.Run r = run("--notify", "slack:file:" + hookFile());

        assertThat(r.exitCode()).isZero();
        assertThat(r.err())
                .contains("warning: the notification to the Slack webhook in")
                .contains("answered 500); the run's result is unchanged")
                .doesNotContain("secret-token");
    }

    @Test
    void notifyOnFailureAloneSendsNothingForARunThatSucceeded() throws Exception {
        CliRunner.Run r = run("--notify", "slack:file:" + hookFile(), "--notify-on", "failure");

        assertThat(r.exitCode()).isZero();
        assertThat(bodies).isEmpty();
    }

    @Test
    void aUrlOnTheCommandLineOrAnUnknownTargetIsRefusedBeforeAnythingRuns() {
        CliRunner.Run url = run("--notify", "slack:https://hooks.slack.com/services/T000/B000/XXXX");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err())
                .contains("a webhook's URL is a secret: give it in an environment variable (slack:env:VAR)")
                .doesNotContain("hooks.slack.com");
        assertThat(url.out()).isEmpty();

        assertThat(run("--notify", "pagerduty:x").err()).contains("use sns:ARN, eventbridge:BUS");
        assertThat(run("--notify-on", "change").err()).contains("name a target with --notify");
        assertThat(run("--notify", "eventbridge:default", "--notify-on", "sometimes")
                        .err())
                .contains("--notify-on sometimes: use change, failure or always");
    }

    @Test
    void theEventOfARunValidatesAgainstItsPublishedSchema() throws Exception {
        Path plan = dir.resolve("plan.json");
        assertThat(run("--out", plan.toString()).exitCode()).isZero();
        io.github.ecrsweep.report.Notice notice = io.github.ecrsweep.report.Notice.of(
                io.github.ecrsweep.report.PlanReader.read(plan).plan(), 0);
        JsonNode event = JSON.readTree(ReportWriter.json(notice.event()));
        com.networknt.schema.Schema schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                        com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("docs/notify-event.schema.json"))
                        .replace("\"$ref\": \"report.schema.json#/$defs/summary\",", "\"type\": \"object\","));

        assertThat(schema.validate(event)).isEmpty();
        assertThat(event.get("command").asText()).isEqualTo("delete-untagged");
    }
}
