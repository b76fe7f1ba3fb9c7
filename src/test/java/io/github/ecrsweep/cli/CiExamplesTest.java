package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The bundled CI examples: the change to the registry waits for a person (GitLab: a protected environment;
 * GitHub: the merge), changing runs never overlap, both leave out the same repositories, a stale plan says how
 * to plan again, no made-up checksum passes for a real one, and every ecrsweep command line in them parses.
 */
class CiExamplesTest {

    private static final Path GITLAB = Path.of("examples/ci/gitlab-ci.yml");
    private static final Path GITHUB = Path.of("examples/ci/github-actions.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void gitLabAppliesOnlyThroughAProtectedEnvironmentOneChangeAtATime() throws Exception {
        JsonNode ci = YAML.readTree(GITLAB.toFile());
        JsonNode apply = ci.get("ecr-apply");

        assertThat(apply.get("environment").get("name").asText()).isEqualTo("ecr");
        assertThat(apply.get("rules").get(0).get("when").asText()).isEqualTo("manual");
        assertThat(apply.get("resource_group").asText()).isEqualTo("ecr");
        assertThat(ci.get("ecr-nightly").get("resource_group").asText()).isEqualTo("ecr");
        assertThat(Files.readString(GITLAB)).contains("Protected environments").contains("Required approvals");
    }

    @Test
    void gitHubRunsTheChangesOfTheRegistryOneAtATime() throws Exception {
        JsonNode job = YAML.readTree(GITHUB.toFile()).get("jobs").get("ecrsweep");

        String group = job.get("concurrency").get("group").asText();
        assertThat(group).contains("'ecr-registry'").contains("github.event_name == 'schedule'");
        assertThat(job.get("concurrency").get("cancel-in-progress").asText())
                .contains("github.event.action != 'closed'");
    }

    @Test
    void bothLeaveOutTheSameRepositoriesWhereverThePolicyIsPut() throws Exception {
        for (Path ci : List.of(GITLAB, GITHUB)) {
            List<List<String>> applyAll = commands(ci).stream()
                    .filter(c -> c.get(1).equals("apply-all"))
                    .toList();
            assertThat(applyAll).as(ci.toString()).hasSize(2);
            assertThat(applyAll).allSatisfy(c -> assertThat(c).containsSubsequence("--exclude", "sandbox/*"));
        }
        assertThat(excluded(GITLAB)).isEqualTo(excluded(GITHUB));
    }

    @Test
    void noPlaceholderChecksumPassesForARealOne() throws Exception {
        for (Path ci : List.of(GITLAB, GITHUB)) {
            String text = Files.readString(ci);
            assertThat(text).as(ci.toString()).doesNotContainPattern("\\b0{64}\\b");
            assertThat(text).contains("ECRSWEEP_SHA256: \"\"");
        }
        assertThat(Files.readString(GITLAB)).contains("[ -n \"$ECRSWEEP_SHA256\" ] ||");
        // GitHub installs through the Action, which refuses an empty or malformed checksum; every use pins it.
        for (JsonNode step : actionSteps()) {
            assertThat(step.at("/with/sha256").asText()).isEqualTo("${{ env.ECRSWEEP_SHA256 }}");
        }
        assertThat(actionSteps()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(Files.readString(Path.of("examples/github-action/ecrsweep-action.sh")))
                .contains("[[ \"${INPUT_SHA256:-}\" =~ ^[0-9a-f]{64}$ ]]");
    }

    /** The steps of the GitHub example that run the ecrsweep Action. */
    private static List<JsonNode> actionSteps() throws Exception {
        List<JsonNode> steps = new ArrayList<>();
        for (JsonNode step : YAML.readTree(GITHUB.toFile()).at("/jobs/ecrsweep/steps")) {
            if (step.path("uses").asText().contains("/examples/github-action@")) {
                steps.add(step);
            }
        }
        return steps;
    }

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*env\\.(\\w+)\\s*}}|\\$\\{\\{[^}]*}}");

    /** An Action step's command line: ecrsweep, the command, its arguments one per line, and --out for its plan. */
    private static List<String> actionCommand(JsonNode step, JsonNode env) {
        List<String> command =
                new ArrayList<>(List.of("ecrsweep", step.at("/with/command").asText()));
        for (String line : step.at("/with/args").asText().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = EXPRESSION.matcher(line.strip());
            StringBuilder filled = new StringBuilder();
            while (m.find()) {
                String value = m.group(1) != null && env.has(m.group(1))
                        ? env.get(m.group(1)).asText()
                        : "0123456789abcdef".repeat(4);
                m.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            m.appendTail(filled);
            command.add(filled.toString());
        }
        if (!step.at("/with/plan").asText().isEmpty()) {
            command.addAll(List.of("--out", step.at("/with/plan").asText()));
        }
        return command;
    }

    @Test
    void aRefusedPlanAtTheMergeSaysHowToPlanAgain() throws Exception {
        for (Path ci : List.of(GITLAB, GITHUB)) {
            String text = Files.readString(ci);
            assertThat(text).as(ci.toString()).containsPattern("older than 24h[\\s\\S]{0,200}(pipeline again|Re-run)");
        }
    }

    @Test
    void everyEcrsweepCommandLineParses() throws Exception {
        for (Path ci : List.of(GITLAB, GITHUB)) {
            List<List<String>> commands = commands(ci);
            assertThat(commands).as(ci.toString()).hasSizeGreaterThan(5);
            for (List<String> command : commands) {
                CommandLine cli = Cli.create(Cli.Environment.unattended(new PrintWriter(new StringWriter())));
                cli.parseArgs(command.subList(1, command.size()).toArray(String[]::new));
            }
        }
    }

    /** The values of --exclude in a file's command lines. */
    private static Set<String> excluded(Path ci) throws Exception {
        Set<String> values = new TreeSet<>();
        for (List<String> c : commands(ci)) {
            for (int i = 0; i + 1 < c.size(); i++) {
                if (c.get(i).equals("--exclude")) {
                    values.add(c.get(i + 1));
                }
            }
        }
        return values;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\(sha [^)]*\\)");

    /**
     * The ecrsweep command lines of a CI file, as words: continuation lines joined, the file's variables put in,
     * up to the first redirection, pipe or list operator.
     */
    private static List<List<String>> commands(Path ci) throws Exception {
        String text = Files.readString(ci).replaceAll("\\\\\\n\\s*", " ").replaceAll("\\n\\s+(--|-o |\\|\\|)", " $1");
        JsonNode yaml = YAML.readTree(ci.toFile());
        JsonNode variables = yaml.has("variables") ? yaml.get("variables") : yaml.get("env");
        List<List<String>> commands = new ArrayList<>();
        for (String line : text.split("\\n")) {
            String l = line.strip().replaceFirst("^- ", "").replaceFirst("^\\{ ", "");
            if (!l.startsWith("ecrsweep ")) {
                continue;
            }
            Matcher m = VARIABLE.matcher(l);
            StringBuilder filled = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String value = name == null
                        ? "0123456789abcdef".repeat(4)
                        : variables.has(name) ? variables.get(name).asText() : "0123456789abcdef".repeat(4);
                m.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            m.appendTail(filled);
            commands.add(words(filled.toString()));
        }
        if (ci.equals(GITHUB)) {
            for (JsonNode step : actionSteps()) {
                commands.add(actionCommand(step, variables));
            }
        }
        return commands;
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (word == null && (c == '>' || c == '|' || c == '&')) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
