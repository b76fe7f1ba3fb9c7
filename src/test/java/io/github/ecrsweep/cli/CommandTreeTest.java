package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the command it names; that command must be exactly what the whole tree holds. */
class CommandTreeTest {

    private static CommandLine build(String... args) {
        return Cli.create(Cli.Environment.unattended(new PrintWriter(new StringWriter())), args);
    }

    @Test
    void aCommandBuiltAloneHasTheSameOptionsAndHelpAsInTheWholeTree() {
        CommandLine whole = build();
        assertThat(whole.getSubcommands()).hasSizeGreaterThan(10);
        for (var entry : whole.getSubcommands().entrySet()) {
            String name = entry.getKey();
            CommandLine alone = build("-v", name, "--help");
            if (!name.equals("help") && !name.equals("generate-completion")) {
                assertThat(alone.getSubcommands()).as(name).containsOnlyKeys(name);
            }
            CommandLine a = alone.getSubcommands().get(name);
            CommandLine b = entry.getValue();
            // Inherited options (--stacktrace, -v, --help, --version) reach a command added on its own too.
            assertThat(a.getCommandSpec().options().stream().map(o -> o.longestName()))
                    .as(name)
                    .containsExactlyInAnyOrderElementsOf(b.getCommandSpec().options().stream()
                            .map(o -> o.longestName())
                            .toList());
            assertThat(a.getUsageMessage(CommandLine.Help.Ansi.OFF))
                    .as(name)
                    .isEqualTo(b.getUsageMessage(CommandLine.Help.Ansi.OFF));
            assertThat(a.getCommandSpec().usageMessage().exitCodeList())
                    .as(name)
                    .isEqualTo(b.getCommandSpec().usageMessage().exitCodeList());
        }
    }

    @Test
    void runsThatNeedTheListOfCommandsGetThemAll() {
        int all = build().getSubcommands().size();
        assertThat(build(new String[0]).getSubcommands()).hasSize(all);
        assertThat(build("--help").getSubcommands()).hasSize(all);
        assertThat(build("no-such-command").getSubcommands()).hasSize(all);
        assertThat(build("help", "list").getSubcommands()).hasSize(all);
        assertThat(build("generate-completion").getSubcommands()).hasSize(all);
        assertThat(build("--", "list").getSubcommands()).hasSize(all);
        assertThat(build("--no-such-option").getSubcommands()).hasSize(all);
        assertThat(build("--version").getSubcommands()).isEmpty();
        assertThat(build("--stacktrace", "report", "merge").getSubcommands()).containsOnlyKeys("report");
    }
}
