package io.github.ecrsweep.rules.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A document of {@code get-policy -o json} (kind {@code ecrsweep-lifecycle-policies}): every repository's
 * policy, read back to be validated. Each policy is checked as its own text; a problem is located by its
 * path in the document ({@code repositories[2].lifecyclePolicy.rules[0].selection.countNumber}).
 */
public final class PolicyDocument {

    public static final String KIND = "ecrsweep-lifecycle-policies";

    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * One repository's policy: its text and validation, or none when the document says it has no policy.
     *
     * @param text the policy as JSON text, what would be put; null when the document says none
     */
    public record Entry(String repositoryName, String text, Optional<Validation> validation) {}

    private PolicyDocument() {}

    /** The document's entries, validated; empty when the text is not such a document. */
    public static Optional<List<Entry>> check(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (root == null || !KIND.equals(root.path("kind").asText())) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode repositories = root.path("repositories");
        for (int i = 0; i < repositories.size(); i++) {
            JsonNode r = repositories.get(i);
            JsonNode policy = r.path("lifecyclePolicy");
            String prefix = "repositories[" + i + "].lifecyclePolicy";
            if (policy.isMissingNode() || policy.isNull()) {
                entries.add(new Entry(r.path("repositoryName").asText("?"), null, Optional.empty()));
                continue;
            }
            String policyText = policy.isTextual() ? policy.asText() : policy.toString();
            Validation v = PolicyJson.check(policyText);
            List<Problem> located = v.problems().stream()
                    .map(p -> Problem.at(
                            Problem.DOCUMENT.equals(p.path()) ? prefix : prefix + "." + p.path(), p.message()))
                    .toList();
            entries.add(new Entry(
                    r.path("repositoryName").asText("?"),
                    policyText,
                    Optional.of(new Validation(located, v.policy()))));
        }
        return Optional.of(entries);
    }
}
