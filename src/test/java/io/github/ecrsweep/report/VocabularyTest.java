package io.github.ecrsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.SkipReason;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.ImageKind;
import io.github.ecrsweep.rules.Reason;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The words of the reports are the code's enums: each enumeration a published schema lists is exactly the
 * codes of the enum that writes it, so that a word added to the code and not to the schema (or the other way
 * round) fails here; and each word is written and read back as the same string.
 */
class VocabularyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static <E extends Enum<E>> List<String> codes(E[] values, Function<E, String> code) {
        return Arrays.stream(values).map(code).toList();
    }

    static Stream<Arguments> enumerations() {
        List<String> fleetCommands = new ArrayList<>(codes(CommandName.values(), CommandName::code));
        fleetCommands.remove(CommandName.APPLY.code()); // a reviewed plan is for the one account and region it names
        return Stream.of(
                Arguments.of("report", "/properties/command", codes(CommandName.values(), CommandName::code)),
                Arguments.of("report", "/properties/stage", codes(Stage.values(), Stage::code)),
                Arguments.of(
                        "report",
                        "/$defs/repository/properties/status",
                        codes(RepositoryStatus.values(), RepositoryStatus::code)),
                Arguments.of(
                        "report",
                        "/$defs/image/properties/skipped/properties/reason",
                        codes(SkipReason.values(), SkipReason::code)),
                Arguments.of(
                        "report",
                        "/$defs/image/properties/result",
                        codes(DeleteOutcome.Status.values(), DeleteOutcome.Status::code)),
                Arguments.of("report", "/$defs/image/properties/reason", codes(Reason.values(), Reason::code)),
                Arguments.of("report", "/$defs/image/properties/kind", codes(ImageKind.values(), ImageKind::code)),
                Arguments.of(
                        "report",
                        "/$defs/image/properties/action",
                        codes(DecisionAction.values(), DecisionAction::code)),
                Arguments.of(
                        "report",
                        "/$defs/ruleChange/properties/change",
                        codes(PolicyDiff.Kind.values(), PolicyDiff.Kind::code)),
                Arguments.of("fleet-report", "/properties/command", fleetCommands),
                Arguments.of("fleet-report", "/properties/stage", codes(Stage.values(), Stage::code)));
    }

    @ParameterizedTest(name = "{0}.schema.json {1}")
    @MethodSource("enumerations")
    void theSchemaListsExactlyTheCodesWords(String schema, String pointer, List<String> code) throws Exception {
        JsonNode node = JSON.readTree(Files.readString(Path.of("docs/" + schema + ".schema.json")))
                .at(pointer)
                .path("enum");
        List<String> listed = new ArrayList<>();
        node.forEach(n -> listed.add(n.asText()));
        assertThat(listed).as(schema + " " + pointer).containsExactlyInAnyOrderElementsOf(code);
        assertThat(listed).as("each word once").doesNotHaveDuplicates();
    }

    @Test
    void eachWordIsWrittenAndReadBackAsItsCode() throws Exception {
        for (CommandName c : CommandName.values()) {
            assertThat(JSON.writeValueAsString(c)).isEqualTo("\"" + c.code() + "\"");
            assertThat(JSON.readValue("\"" + c.code() + "\"", CommandName.class))
                    .isSameAs(c);
        }
        for (RepositoryStatus s : RepositoryStatus.values()) {
            assertThat(JSON.readValue(JSON.writeValueAsString(s), RepositoryStatus.class))
                    .isSameAs(s);
        }
        for (SkipReason r : SkipReason.values()) {
            assertThat(JSON.readValue(JSON.writeValueAsString(r), SkipReason.class))
                    .isSameAs(r);
        }
        for (Stage s : Stage.values()) {
            assertThat(JSON.readValue(JSON.writeValueAsString(s), Stage.class)).isSameAs(s);
        }
    }
}
