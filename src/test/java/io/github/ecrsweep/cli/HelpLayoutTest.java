package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.cli.HelpLayout.Heading;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every help page groups its options under headings in a newcomer's order, and fits 80 columns, examples too. */
class HelpLayoutTest {

    private static CommandLine root() {
        CommandLine cmd = Cli.create(Cli.Environment.unattended(new PrintWriter(new StringWriter())));
        cmd.setUsageHelpAutoWidth(false);
        cmd.setUsageHelpWidth(80);
        return cmd;
    }

    static Stream<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(root(), all);
        return all.stream();
    }

    private static void collect(CommandLine cmd, List<CommandLine> all) {
        all.add(cmd);
        cmd.getSubcommands().values().stream().distinct().forEach(c -> collect(c, all));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyOptionHasAHeading(CommandLine cmd) {
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            assertThat(HelpLayout.HEADINGS)
                    .as("the heading of %s in %s", o.longestName(), cmd.getCommandName())
                    .containsKey(o.longestName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyLineFitsEightyColumnsAndNoExampleIsBroken(CommandLine cmd) {
        String help = cmd.getUsageMessage();
        assertThat(help.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        List<String> help1 = help.lines().toList();
        for (String footer : cmd.getCommandSpec().usageMessage().footer()) {
            for (String line : String.format(footer).split("\\R")) {
                assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
                assertThat(help1).as("printed whole: " + line).contains(line.stripTrailing());
            }
        }
    }

    @Test
    void theHeadingsANewcomerNeedsComeFirst() {
        String help = root().getSubcommands().get("delete-untagged").getUsageMessage();
        List<Integer> at = new ArrayList<>();
        for (Heading h : Heading.values()) {
            at.add(help.indexOf("\n" + h.title + ":\n"));
        }
        assertThat(at).doesNotContain(-1).isSorted();
        assertThat(help.substring(at.get(0), at.get(1)))
                .contains("--repository")
                .contains("--all")
                .contains("--exclude");
        assertThat(help.substring(at.get(2), at.get(3))).contains("--yes");
        assertThat(help.substring(at.get(3), at.get(4))).contains("--output");
        assertThat(help).startsWith("Usage: ecrsweep delete-untagged [OPTIONS]");
    }
}
