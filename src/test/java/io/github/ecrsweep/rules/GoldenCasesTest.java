package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.json.PolicyJson;
import io.github.ecrsweep.rules.json.RuleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden cases as data under {@code src/test/resources/golden}: a policy (or a delete-untagged
 * selection, or a rule file for sweep, with in-use pins), images and {@code now}, and the decisions expected. Every image not listed under
 * {@code expected} must be kept; {@code kept} pins the reason of some of them.
 */
class GoldenCasesTest {

    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    @Test
    void everyAwsWorkedExampleHasAGoldenCase() throws IOException {
        List<String> examples;
        try (Stream<Path> s = Files.list(Path.of("examples/policies"))) {
            examples = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("aws-"))
                    .sorted()
                    .toList();
        }
        List<String> covered = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            for (Path p : s.toList()) {
                JsonNode c = JSON.readTree(p.toFile());
                if (c.has("policyFile")) {
                    covered.add(
                            Path.of(c.get("policyFile").asText()).getFileName().toString());
                }
            }
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(13);
        assertThat(covered).containsAll(examples);
    }

    private static void check(Path file) throws IOException {
        JsonNode c = JSON.readTree(file.toFile());
        Instant now = Instant.parse(c.get("now").asText());
        Map<String, Digest> ids = new HashMap<>();
        for (JsonNode i : c.get("images")) {
            ids.put(i.get("id").asText(), TestImages.digestOf(i.get("id").asText()));
        }
        // Images named by others but not in this repository: a gone subject, an image of another repository.
        Map<String, Digest> absent = new HashMap<>();
        c.path("absent").forEach(a -> absent.put(a.asText(), TestImages.digestOf(a.asText())));
        List<Image> images = new ArrayList<>();
        for (JsonNode i : c.get("images")) {
            images.add(image(i, ids, absent));
        }

        Plan plan;
        if (c.has("ruleFile")) {
            RuleFile.Check check = RuleFile.check(JSON.writeValueAsString(c.get("ruleFile")));
            assertThat(check.problems()).as("rule file problems").isEmpty();
            RuleSet rules = check.file().orElseThrow().rules();
            RuleSet.Block block = rules.blockFor("repo").orElseThrow();
            Pins.Builder pins = Pins.builder();
            c.path("pins").forEach(p -> pins.digest(ids.get(p.asText()), "pin:" + p.asText()));
            plan = SweepEvaluator.plan(block.rules(), rules.neverIn(block), images, now, pins.build());
        } else if (c.has("policyFile") || c.has("policy")) {
            String text = c.has("policy")
                    ? JSON.writeValueAsString(c.get("policy"))
                    : Files.readString(Path.of(c.get("policyFile").asText()));
            Validation v = PolicyJson.check(text);
            assertThat(v.problems()).as("policy problems").isEmpty();
            plan = LifecycleEvaluator.evaluate(v.policy().orElseThrow(), images, now);
        } else {
            JsonNode u = c.get("deleteUntagged");
            Duration olderThan =
                    u.has("olderThan") ? Duration.parse(u.get("olderThan").asText()) : null;
            java.util.Set<Digest> elsewhere = new java.util.HashSet<>();
            u.path("elsewhere").forEach(e -> elsewhere.add(absent.get(e.asText())));
            plan = new UntaggedSelection(
                            olderThan,
                            u.path("keep").asInt(0),
                            u.path("orphanedSignatures").asBoolean(false))
                    .plan(images, now, elsewhere::contains);
        }

        Map<Digest, Decision> byDigest = new HashMap<>();
        plan.decisions().forEach(d -> byDigest.put(d.digest(), d));
        assertThat(byDigest).as("one decision per image").hasSize(images.size());

        JsonNode expected = c.get("expected");
        // A key that names no image would make an expectation that can never fail.
        java.util.Set<String> named = new java.util.HashSet<>();
        expected.fieldNames().forEachRemaining(named::add);
        c.path("kept").fieldNames().forEachRemaining(named::add);
        assertThat(ids.keySet()).as("images named by expected and kept").containsAll(named);
        for (Map.Entry<String, Digest> e : ids.entrySet()) {
            Decision d = byDigest.get(e.getValue());
            JsonNode want = expected.get(e.getKey());
            String name = e.getKey();
            if (want == null) {
                assertThat(d.action())
                        .as(name + " action (" + d.reason().code() + ")")
                        .isEqualTo(DecisionAction.KEEP);
                continue;
            }
            assertThat(d.action().code())
                    .as(name + " action (" + d.reason().code() + ")")
                    .isEqualTo(want.get("action").asText());
            if (want.has("rulePriority")) {
                assertThat(d.rulePriority())
                        .as(name + " rulePriority")
                        .isEqualTo(want.get("rulePriority").asInt());
            }
            if (want.has("reason")) {
                assertThat(d.reason().code())
                        .as(name + " reason")
                        .isEqualTo(want.get("reason").asText());
            }
            if (want.has("wave")) {
                assertThat(d.wave())
                        .as(name + " wave")
                        .isEqualTo(want.get("wave").asInt());
            }
            if (want.has("bytes")) {
                assertThat(d.bytes())
                        .as(name + " bytes")
                        .isEqualTo(want.get("bytes").asLong());
            }
        }
        if (c.has("kept")) {
            for (Map.Entry<String, JsonNode> e : c.get("kept").properties()) {
                Decision d = byDigest.get(ids.get(e.getKey()));
                assertThat(d.action()).as(e.getKey() + " kept").isEqualTo(DecisionAction.KEEP);
                assertThat(d.reason().code())
                        .as(e.getKey() + " kept reason")
                        .isEqualTo(e.getValue().asText());
            }
        }
    }

    private static Image image(JsonNode i, Map<String, Digest> ids, Map<String, Digest> absent) {
        List<String> tags = new ArrayList<>();
        for (JsonNode t : i.path("tags")) {
            String tag = t.asText();
            if (i.has("subjectFromTag")) {
                String subject = i.get("subjectFromTag").asText();
                String hex = ids.getOrDefault(subject, absent.get(subject)).hex();
                tag = tag.replace("%s", hex);
            }
            tags.add(tag);
        }
        Image.Builder b = Image.builder(
                        ids.get(i.get("id").asText()),
                        Instant.parse(i.get("pushedAt").asText()))
                .tags(tags)
                .sizeInBytes(i.path("size").asLong(0))
                .manifestMediaType(text(i, "mediaType"))
                .artifactMediaType(text(i, "artifactMediaType"))
                .status(ImageStatus.valueOf(i.path("status").asText("ACTIVE")));
        if (i.has("lastRecordedPullTime")) {
            b.lastRecordedPullTime(Instant.parse(i.get("lastRecordedPullTime").asText()));
        }
        if (i.has("lastArchivedAt")) {
            b.lastArchivedAt(Instant.parse(i.get("lastArchivedAt").asText()));
        }
        if (i.has("lastActivatedAt")) {
            b.lastActivatedAt(Instant.parse(i.get("lastActivatedAt").asText()));
        }
        if (i.has("subject")) {
            String subject = i.get("subject").asText();
            b.subjectDigest(ids.getOrDefault(subject, absent.get(subject)));
        }
        List<Digest> children = new ArrayList<>();
        i.path("children").forEach(ch -> children.add(ids.get(ch.asText())));
        return b.childDigests(children).build();
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : null;
    }
}
