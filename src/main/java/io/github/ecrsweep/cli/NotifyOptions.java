package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Webhook;
import io.github.ecrsweep.registry.aws.Notifications;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Notice;
import io.github.ecrsweep.report.ReportWriter;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * {@code --notify TARGET}: who hears of a run when it ends, and {@code --notify-on}: when. A notification that
 * fails is a warning; it never changes the run's exit status or what it did.
 */
public final class NotifyOptions {

    /** When a run notifies. */
    enum When {
        CHANGE,
        FAILURE,
        ALWAYS
    }

    @Option(
            names = "--notify",
            paramLabel = "TARGET",
            description =
                    "When the run ends, send its summary (repeatable): an SNS topic (sns:ARN, or the topic's ARN),"
                            + " an EventBridge bus (eventbridge:NAME or its ARN: the event 'ecrsweep run' of"
                            + " docs/notify-event.schema.json), a Slack or Microsoft Teams incoming webhook whose URL is in an"
                            + " environment variable or a file (slack:env:VAR, slack:file:PATH, teams:env:VAR,"
                            + " teams:file:PATH), never on the command line. A notification that fails is a warning.")
    List<String> targets = new ArrayList<>();

    @Option(
            names = "--notify-on",
            paramLabel = "WHEN",
            split = ",",
            description = "When --notify sends: change (the run changed, or its dry run would change, something),"
                    + " failure (its exit status is not 0), always (default: change,failure).")
    List<String> on = new ArrayList<>();

    private final Function<String, String> environment;

    public NotifyOptions() {
        this(System::getenv);
    }

    NotifyOptions(Function<String, String> environment) {
        this.environment = environment;
    }

    /** One target, parsed: where to send and how it is named in messages. */
    record Destination(String kind, String address, String label) {}

    /** The targets, checked before anything runs: a malformed one or a URL on the command line is a usage error. */
    List<Destination> destinations() {
        List<Destination> all = new ArrayList<>();
        for (String t : targets) {
            String value = t.trim();
            if (value.startsWith("sns:arn:") || value.matches("arn:[^:]+:sns:.+")) {
                String arn = value.startsWith("sns:") ? value.substring(4) : value;
                all.add(new Destination("sns", arn, "SNS topic " + arn));
            } else if (value.startsWith("eventbridge:") || value.matches("arn:[^:]+:events:.+:event-bus/.+")) {
                String bus = value.startsWith("eventbridge:") ? value.substring("eventbridge:".length()) : value;
                if (bus.isBlank()) {
                    throw usage(t, "name the bus: eventbridge:default, or its ARN");
                }
                all.add(new Destination("eventbridge", bus, "EventBridge bus " + bus));
            } else if (value.startsWith("slack:") || value.startsWith("teams:")) {
                String kind = value.substring(0, 5);
                String from = value.substring(6);
                String name = kind.equals("slack") ? "Slack" : "Teams";
                if (from.startsWith("env:") && from.length() > 4) {
                    all.add(new Destination(kind, from, "the " + name + " webhook in $" + from.substring(4)));
                } else if (from.startsWith("file:") && from.length() > 5) {
                    all.add(new Destination(kind, from, "the " + name + " webhook in " + from.substring(5)));
                } else {
                    throw usage(
                            kind + ":...",
                            "a webhook's URL is a secret: give it in an environment variable (" + kind
                                    + ":env:VAR) or a file (" + kind + ":file:PATH), never on the command line");
                }
            } else {
                throw usage(
                        t,
                        "use sns:ARN, eventbridge:BUS, slack:env:VAR, slack:file:PATH, teams:env:VAR or"
                                + " teams:file:PATH");
            }
        }
        when();
        return all;
    }

    private static UserError usage(String target, String why) {
        return new UserError(ExitCode.USAGE, "--notify " + Text.safe(target) + ": " + why);
    }

    private Set<When> when() {
        if (on.isEmpty()) {
            return EnumSet.of(When.CHANGE, When.FAILURE);
        }
        Set<When> when = EnumSet.noneOf(When.class);
        for (String w : on) {
            try {
                when.add(When.valueOf(w.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, "--notify-on " + Text.safe(w) + ": use change, failure or always");
            }
        }
        if (targets.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "--notify-on says when --notify sends; name a target with --notify");
        }
        return when;
    }

    /** Whether this run is one to notify of. */
    boolean wanted(Notice notice) {
        Set<When> when = when();
        return when.contains(When.ALWAYS)
                || when.contains(When.CHANGE) && notice.changed()
                || when.contains(When.FAILURE) && notice.failed();
    }

    /**
     * Sends the notice to every target; each that fails is a warning on {@code err}. The notice is made only when
     * there is a target to send it to.
     *
     * @param caller the run's first target: its profile and region, without the role it may assume, send to AWS
     */
    void send(java.util.function.Supplier<Notice> made, Target caller, PrintWriter err) {
        if (targets.isEmpty()) {
            return;
        }
        Notice notice = made.get();
        if (!wanted(notice)) {
            return;
        }
        for (Destination d : destinations()) {
            try {
                switch (d.kind()) {
                    case "sns" ->
                        Notifications.sns(
                                RegistryFactory.ownSettings(caller), d.address(), notice.subject(), notice.markdown());
                    case "eventbridge" ->
                        Notifications.eventBridge(
                                RegistryFactory.ownSettings(caller),
                                d.address(),
                                Notice.SOURCE,
                                Notice.DETAIL_TYPE,
                                ReportWriter.json(notice.event()));
                    default -> Webhook.post(url(d), d.label(), payload(d.kind(), notice));
                }
                err.println(Text.safe("Notified " + d.label() + "."));
            } catch (RegistryException | UserError e) {
                err.println(Text.safe("ecrsweep: warning: the notification to " + d.label() + " was not sent ("
                        + e.getMessage() + "); the run's result is unchanged"));
            }
        }
        err.flush();
    }

    /** The webhook's URL, from the variable or file the target names; never shown. */
    private URI url(Destination d) {
        String from = d.address();
        String text;
        if (from.startsWith("env:")) {
            text = environment.apply(from.substring(4));
        } else {
            try {
                text = InputFile.read(Path.of(from.substring(5)), 8 * 1024, "webhook URL");
            } catch (InputFile.UnreadableException | java.nio.file.InvalidPathException e) {
                throw new UserError(ExitCode.FAILED, d.label() + " cannot be read (" + e.getMessage() + ")");
            }
        }
        if (text == null || text.isBlank()) {
            throw new UserError(ExitCode.FAILED, d.label() + " is not set");
        }
        try {
            return URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.FAILED, d.label() + " is not a URL");
        }
    }

    /** Slack: the subject and the summary as preformatted text; Teams: a message card with the Markdown. */
    static String payload(String kind, Notice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (kind.equals("slack")) {
            body.put("text", "*" + notice.subject() + "*\n```\n" + cut(notice.markdown(), 35_000) + "\n```");
        } else {
            body.put("@type", "MessageCard");
            body.put("@context", "https://schema.org/extensions");
            body.put("summary", notice.subject());
            body.put("title", notice.subject());
            body.put("text", cut(notice.markdown(), 25_000));
        }
        return ReportWriter.json(body);
    }

    private static String cut(String text, int max) {
        return text.length() <= max
                ? text
                : text.substring(0, max) + "\n(cut: the whole report is in the run's output or --report file)";
    }
}
