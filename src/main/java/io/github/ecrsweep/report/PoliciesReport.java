package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code get-policy} read: each selected repository's lifecycle policy, as the document
 * {@code docs/policies.schema.json} specifies (the policy as a JSON object, or null when the repository
 * has none), or as a table of rules in words.
 *
 * @param kind   always {@link #KIND}, so that a file is known for what it is
 * @param readAt when the policies were read
 */
@JsonPropertyOrder({"schemaVersion", "kind", "account", "region", "readAt", "repositories"})
public record PoliciesReport(
        int schemaVersion,
        String kind,
        String account,
        String region,
        String readAt,
        List<RepositoryPolicy> repositories) {

    public static final String KIND = "ecrsweep-lifecycle-policies";

    /** One repository: its policy as JSON, or null. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"repositoryName", "lifecyclePolicy"})
    public record RepositoryPolicy(String repositoryName, JsonNode lifecyclePolicy) {}

    /**
     * A repository's lifecycle policy as ECR holds it.
     *
     * @param text the policy text, or null when the repository has none
     */
    public record PolicyListing(Repository repository, String text) {}

    public static PoliciesReport of(List<PolicyListing> listings, Location location, Instant readAt) {
        List<RepositoryPolicy> repositories = new ArrayList<>();
        for (PolicyListing l : listings) {
            repositories.add(new RepositoryPolicy(l.repository().name(), parse(l.text())));
        }
        return new PoliciesReport(
                1, KIND, location.account(), location.region(), readAt.toString(), List.copyOf(repositories));
    }

    private static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ReportWriter.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text); // ECR validates what it stores; kept as written should it not be JSON
        }
    }

    /** The one repository's policy, as JSON text safe to print and to save: what {@code --text} prints. */
    public static String text(JsonNode policy) {
        return ReportWriter.json(policy);
    }

    private static final List<Csv.Column<RepositoryPolicy>> CSV = List.of(
            new Csv.Column<>("repositoryName", RepositoryPolicy::repositoryName),
            new Csv.Column<>("rules", r -> String.valueOf(rules(r).size())),
            new Csv.Column<>(
                    "lifecyclePolicy",
                    r -> r.lifecyclePolicy() == null ? "" : r.lifecyclePolicy().toString()));

    /** Writes the policies in a format; the table fits {@code width} columns (0: no limit). */
    public void write(Format format, PrintWriter out, int width) {
        switch (format) {
            case json -> out.println(ReportWriter.json(this));
            case csv -> Csv.write(out, CSV, repositories);
            case markdown -> {
                out.println("### " + Markdown.text(title()));
                out.println();
                Markdown.table(out, List.of("REPOSITORY", "RULE", "WHAT IT DOES"), rows());
                out.println();
                out.println(Markdown.text(summary()) + "  ");
            }
            default -> {
                Text.println(out, title(), width, "  ");
                out.println();
                Table t = new Table("REPOSITORY", "RULE", "WHAT IT DOES");
                rows().forEach(r -> t.row(r.toArray(String[]::new)));
                if (t.size() > 0) {
                    t.print(out, width, "WHAT IT DOES");
                    out.println();
                }
                Text.println(out, summary(), width, "  ");
            }
        }
        out.flush();
    }

    private String title() {
        String where = new Location(account, region).describe();
        return "Lifecycle policies in " + where + ", as of " + Units.time(Instant.parse(readAt));
    }

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (RepositoryPolicy r : repositories) {
            if (r.lifecyclePolicy() == null) {
                rows.add(List.of(r.repositoryName(), "-", "no lifecycle policy"));
                continue;
            }
            for (JsonNode rule : rules(r)) {
                rows.add(List.of(r.repositoryName(), rule.path("rulePriority").asText("?"), PolicyDiff.summary(rule)));
            }
        }
        return rows;
    }

    private static List<JsonNode> rules(RepositoryPolicy r) {
        List<JsonNode> rules = new ArrayList<>();
        if (r.lifecyclePolicy() != null) {
            r.lifecyclePolicy().path("rules").forEach(rules::add);
        }
        return rules;
    }

    private String summary() {
        long with =
                repositories.stream().filter(r -> r.lifecyclePolicy() != null).count();
        return Units.count(repositories.size(), "repository", "repositories") + ": " + with
                + " with a lifecycle policy, " + (repositories.size() - with) + " without.";
    }
}
