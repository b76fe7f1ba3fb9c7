package io.github.ecrsweep.registry.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A plan written with {@code --out} (the report of a dry run, docs/report.schema.json), read back to be
 * applied as it was reviewed: its account, region and time, and per repository the images it acts on with
 * the tags they had.
 *
 * @param source where the plan's images came from: a plan of snapshot files cannot be applied to ECR
 */
public record PlanFile(
        String command,
        String account,
        String region,
        Instant evaluatedAt,
        String source,
        List<RepositoryPlan> repositories) {

    /** The commands whose plans {@code apply} executes. */
    public static final Set<String> COMMANDS =
            Set.of("delete-untagged", "expire", "sweep", "put-policy", "apply-all", "delete-policy");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 256L << 20;

    /**
     * One repository's actions.
     *
     * @param policy the policy change planned for it, or null (an image plan, or no change)
     */
    public record RepositoryPlan(String name, List<PlannedImage> images, PolicyPlan policy) {

        /** Whether the plan changes anything in this repository. */
        public boolean changes() {
            return !images.isEmpty() || policy != null;
        }
    }

    /**
     * A planned policy change.
     *
     * @param status  {@code would-create}, {@code would-update} or {@code would-delete-policy}
     * @param current the policy the repository had when planned, or null
     * @param wanted  the policy to put, or null when it goes
     */
    public record PolicyPlan(String status, String current, String wanted) {}

    private static final Set<String> POLICY_CHANGES = Set.of("would-create", "would-update", "would-delete-policy");

    /**
     * One image the plan acts on, as the plan saw it.
     *
     * @param tags the tags it had when planned: an image tagged otherwise now is skipped
     */
    public record PlannedImage(
            Digest digest,
            List<String> tags,
            Instant pushedAt,
            long sizeInBytes,
            String kind,
            DecisionAction action,
            String reason,
            Integer rulePriority,
            int wave,
            long bytes) {}

    public static PlanFile read(Path file) {
        String text;
        try {
            text = InputFile.read(file, MAX_BYTES, "plan");
        } catch (InputFile.UnreadableException e) {
            throw invalid("plan '" + file + "' cannot be read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    static PlanFile parse(String name, String text) {
        String what = "plan '" + name + "'";
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(what + " is not JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || root.path("schemaVersion").asInt() != 1 || !root.has("repositories")) {
            throw invalid(what + " is not a plan of ecrsweep: write one with --dry-run --out FILE");
        }
        String command = root.path("command").asText();
        if (!COMMANDS.contains(command)) {
            throw invalid(what + " is a plan of '" + command + "'; apply executes plans of "
                    + String.join(", ", COMMANDS.stream().sorted().toList()));
        }
        if (!"plan".equals(root.path("stage").asText())) {
            throw invalid(what + " is the result of a run, not a plan");
        }
        Instant evaluatedAt;
        try {
            evaluatedAt = Instant.parse(root.path("evaluatedAt").asText());
        } catch (DateTimeParseException e) {
            throw invalid(what + ": evaluatedAt is not a time");
        }
        List<RepositoryPlan> repositories = new ArrayList<>();
        for (JsonNode r : root.path("repositories")) {
            List<PlannedImage> images = new ArrayList<>();
            for (JsonNode i : r.path("images")) {
                DecisionAction action = action(what, i.path("action").asText());
                if (action == DecisionAction.KEEP) {
                    continue;
                }
                List<String> tags = new ArrayList<>();
                i.path("imageTags").forEach(t -> tags.add(t.asText()));
                try {
                    images.add(new PlannedImage(
                            Digest.of(i.path("imageDigest").asText()),
                            tags,
                            Instant.parse(i.path("imagePushedAt").asText()),
                            i.path("imageSizeInBytes").asLong(),
                            i.path("kind").asText(),
                            action,
                            i.path("reason").asText(),
                            i.path("rulePriority").isIntegralNumber()
                                    ? i.path("rulePriority").asInt()
                                    : null,
                            i.path("wave").asInt(),
                            i.path("bytes").asLong()));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw invalid(
                            what + ": an image of '" + r.path("repositoryName").asText() + "' is not readable");
                }
            }
            JsonNode change = r.path("lifecyclePolicy");
            PolicyPlan policy = POLICY_CHANGES.contains(change.path("status").asText())
                    ? new PolicyPlan(
                            change.path("status").asText(),
                            change.path("currentPolicyText").isTextual()
                                    ? change.path("currentPolicyText").asText()
                                    : null,
                            change.path("lifecyclePolicyText").isTextual()
                                    ? change.path("lifecyclePolicyText").asText()
                                    : null)
                    : null;
            if (policy != null && policy.wanted() == null && !"would-delete-policy".equals(policy.status())) {
                throw invalid(what + ": the policy to put on '"
                        + r.path("repositoryName").asText() + "' is missing");
            }
            repositories.add(new RepositoryPlan(r.path("repositoryName").asText(), List.copyOf(images), policy));
        }
        return new PlanFile(
                command,
                root.path("account").isTextual() ? root.path("account").asText() : null,
                root.path("region").isTextual() ? root.path("region").asText() : null,
                evaluatedAt,
                root.path("source").asText(),
                List.copyOf(repositories));
    }

    private static DecisionAction action(String what, String code) {
        for (DecisionAction a : DecisionAction.values()) {
            if (a.code().equals(code.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw invalid(what + ": '" + code + "' is not an action");
    }

    private static RegistryException invalid(String message) {
        return new RegistryException(RegistryException.Kind.INVALID_SNAPSHOT, message);
    }
}
