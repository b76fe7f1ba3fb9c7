package io.github.ecrsweep.cli;

import io.github.ecrsweep.Main;
import io.github.ecrsweep.app.Registries;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Runs whole commands in memory: captured streams, a fixed clock, a chosen registry and terminal. */
final class CliRunner {

    static final Instant CLOCK = Instant.parse("2026-11-28T12:00:00Z");

    record Run(int exitCode, String out, String err) {}

    private Registries registries = RegistryFactory.standard();
    private String stdin = "";
    private Boolean answer;
    private int columns;
    final List<String> questions = new ArrayList<>();
    /** What was shown on the terminal before a question, besides standard output. */
    final List<String> shown = new ArrayList<>();

    static CliRunner create() {
        return new CliRunner();
    }

    CliRunner registries(Registries factory) {
        this.registries = factory;
        return this;
    }

    CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** A terminal this many columns wide for standard output. */
    CliRunner columns(int width) {
        this.columns = width;
        return this;
    }

    /** A person at a terminal who answers every question so. */
    CliRunner terminalAnswering(boolean yes) {
        this.answer = yes;
        return this;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Prompter prompter = new Prompter() {
            @Override
            public boolean isInteractive() {
                return answer != null;
            }

            @Override
            public void show(String text) {
                shown.add(text);
            }

            @Override
            public boolean confirm(String question) {
                questions.add(question);
                return Boolean.TRUE.equals(answer);
            }
        };
        Cli.Environment env = new Cli.Environment(
                new PrintWriter(out),
                new PrintWriter(err),
                () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Clock.fixed(CLOCK, ZoneOffset.UTC),
                registries,
                prompter,
                () -> null,
                () -> columns,
                false);
        int code = Main.run(env, args);
        return new Run(code, out.toString(), err.toString());
    }
}
