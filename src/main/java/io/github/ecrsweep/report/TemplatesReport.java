package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.ecrsweep.registry.CreationTemplate;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.PullThroughRule;
import io.github.ecrsweep.registry.Repository;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code get-templates} (docs/templates.schema.json): the registry's repository creation templates, each with the
 * repositories that exist under its prefix now, and its pull-through cache rules with the repositories they created.
 */
@JsonPropertyOrder({"schemaVersion", "kind", "account", "region", "templates", "pullThroughCacheRules"})
public record TemplatesReport(
        int schemaVersion,
        String kind,
        String account,
        String region,
        List<Template> templates,
        List<PullThroughCache> pullThroughCacheRules) {

    /**
     * One template.
     *
     * @param repositories the repositories that exist under its prefix now (for ROOT: those no other template covers)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({
        "prefix",
        "description",
        "appliedFor",
        "imageTagMutability",
        "imageTagMutabilityExclusionFilters",
        "encryptionType",
        "kmsKey",
        "resourceTags",
        "lifecyclePolicyText",
        "repositories"
    })
    public record Template(
            String prefix,
            String description,
            List<String> appliedFor,
            String imageTagMutability,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> imageTagMutabilityExclusionFilters,
            String encryptionType,
            String kmsKey,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> resourceTags,
            String lifecyclePolicyText,
            List<String> repositories) {}

    /** One pull-through cache rule, with the repositories under its prefix (those it created). */
    @JsonPropertyOrder({"prefix", "upstreamRegistryUrl", "repositories"})
    public record PullThroughCache(String prefix, String upstreamRegistryUrl, List<String> repositories) {}

    public static TemplatesReport of(
            Location location,
            List<CreationTemplate> templates,
            List<PullThroughRule> rules,
            List<Repository> repositories) {
        List<String> names =
                repositories.stream().map(Repository::name).sorted().toList();
        List<Template> rows = new ArrayList<>();
        for (CreationTemplate t : templates) {
            List<String> covered =
                    names.stream().filter(n -> t.covers(n, templates)).toList();
            rows.add(new Template(
                    t.prefix(),
                    t.description(),
                    t.appliedFor(),
                    t.imageTagMutability(),
                    t.mutabilityFilters(),
                    t.encryptionType(),
                    t.kmsKey(),
                    new java.util.TreeMap<>(t.resourceTags()),
                    t.lifecyclePolicy(),
                    covered));
        }
        List<PullThroughCache> caches = rules.stream()
                .map(r -> new PullThroughCache(
                        r.prefix(),
                        r.upstream(),
                        names.stream().filter(r::created).toList()))
                .toList();
        return new TemplatesReport(1, "templates", location.account(), location.region(), rows, caches);
    }

    /**
     * The templates of a document of {@code get-templates} (JSON), as written: what {@code apply-templates} puts.
     * A file that is not such a document is refused with the place of its first problem.
     */
    public static List<Template> read(java.nio.file.Path file) {
        com.fasterxml.jackson.databind.JsonNode doc;
        try {
            doc = io.github.ecrsweep.registry.StrictJson.MAPPER.readTree(
                    io.github.ecrsweep.registry.InputFile.read(file, 8L << 20, "the templates"));
        } catch (io.github.ecrsweep.registry.InputFile.UnreadableException e) {
            throw new UserError(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError(
                    ExitCode.USAGE, file + ": not JSON: " + io.github.ecrsweep.registry.StrictJson.problem(e));
        }
        com.fasterxml.jackson.databind.JsonNode list = doc == null ? null : doc.get("templates");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new UserError(ExitCode.USAGE, file + ": expected the JSON of 'get-templates' with a templates list");
        }
        List<Template> templates = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode t : list) {
            List<String> applied = new ArrayList<>();
            t.path("appliedFor").forEach(a -> applied.add(a.asText()));
            Map<String, String> tags = null;
            if (t.has("resourceTags")) {
                tags = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e :
                        t.path("resourceTags").properties()) {
                    tags.put(e.getKey(), e.getValue().asText());
                }
            }
            templates.add(new Template(
                    t.path("prefix").asText(null),
                    t.path("description").asText(null),
                    applied,
                    t.path("imageTagMutability").asText(null),
                    List.of(),
                    t.path("encryptionType").asText(null),
                    t.path("kmsKey").asText(null),
                    tags,
                    t.path("lifecyclePolicyText").asText(null),
                    List.of()));
        }
        return templates;
    }

    /** @param source where the data came from, for the closing line; @param width a table's widest line, 0 for none */
    public void write(String source, Format format, PrintWriter out, int width) {
        if (format == Format.json) {
            out.println(ReportWriter.json(this));
            out.flush();
            return;
        }
        Table table = new Table("PREFIX", "APPLIED FOR", "TAG MUTABILITY", "LIFECYCLE POLICY", "REPOSITORIES NOW");
        for (Template t : templates) {
            table.row(
                    t.prefix(),
                    String.join(",", t.appliedFor()),
                    t.imageTagMutability() == null ? "-" : t.imageTagMutability(),
                    t.lifecyclePolicyText() == null ? "none" : "yes",
                    String.valueOf(t.repositories().size()));
        }
        Table caches = new Table("PULL-THROUGH PREFIX", "UPSTREAM", "REPOSITORIES CREATED");
        for (PullThroughCache c : pullThroughCacheRules) {
            caches.row(
                    c.prefix(),
                    c.upstreamRegistryUrl(),
                    String.valueOf(c.repositories().size()));
        }
        ListReport.forPeople(
                format,
                out,
                table,
                width,
                Units.count(templates.size(), "creation template", "creation templates") + " in " + source + ".");
        if (!pullThroughCacheRules.isEmpty()) {
            out.println();
            ListReport.forPeople(
                    format,
                    out,
                    caches,
                    width,
                    Units.count(pullThroughCacheRules.size(), "pull-through cache rule", "pull-through cache rules")
                            + ".");
        }
        out.flush();
    }
}
