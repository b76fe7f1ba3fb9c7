package io.github.ecrsweep.rules.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two lifecycle policies as data: the order of rules and of keys, whitespace and an explicit
 * default ({@code storageClass: standard}) do not matter. Rules are matched by {@code rulePriority}.
 */
public final class PolicyDiff {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How putting the new policy would change the repository. */
    public enum Status {
        CREATED,
        UPDATED,
        UNCHANGED,
        /** The policy goes (delete-policy). */
        DELETED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What happens to one rule, or to one field of a rule. */
    public enum Kind {
        ADDED("+"),
        REMOVED("-"),
        CHANGED("~");

        private final String sign;

        Kind(String sign) {
            this.sign = sign;
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One difference, as data.
     *
     * @param field  for a changed rule, the JSON path of the field inside it ({@code selection.countNumber}); null otherwise
     * @param before the field's value before (JSON text), or null
     * @param after  the field's value after (JSON text), or null
     * @param rule   a one-line reading of the rule added or removed, or null
     */
    public record Change(Kind kind, long rulePriority, String field, String before, String after, String rule) {

        /** {@code + rule 3: ...}, {@code - rule 1: ...}, {@code ~ rule 2: selection.countNumber: 5 -> 3}. */
        public String line() {
            if (kind == Kind.CHANGED) {
                return kind.sign + " rule " + rulePriority + ": "
                        + (field == null
                                ? rule
                                : field + ": " + (before == null ? "(none)" : before) + " -> "
                                        + (after == null ? "(none)" : after));
            }
            return kind.sign + " rule " + rulePriority + ": " + rule;
        }
    }

    /**
     * The outcome: the status and each difference.
     *
     * @param before the repository's policy text, or null when it has none
     * @param after  the policy text it would have, or null when the policy goes
     */
    public record Result(Status status, List<Change> changes, String before, String after) {
        public Result {
            changes = List.copyOf(changes);
        }

        /** One line per difference, for people. */
        public List<String> lines() {
            return changes.stream().map(Change::line).toList();
        }
    }

    private PolicyDiff() {}

    /** Whether two policy texts say the same as data (rule order and whitespace aside); null is no policy. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return compare(Optional.of(a), b).status() == Status.UNCHANGED;
    }

    /** Deleting the repository's policy: every rule of {@code current} is removed. */
    public static Result removal(String current) {
        List<Change> changes = new ArrayList<>();
        rules(current)
                .orElse(Map.of())
                .forEach((priority, rule) ->
                        changes.add(new Change(Kind.REMOVED, priority, null, null, null, summary(rule))));
        return new Result(Status.DELETED, changes, current, null);
    }

    /** {@code current} is the repository's policy text, if any; {@code proposed} must be valid JSON. */
    public static Result compare(Optional<String> current, String proposed) {
        Map<Long, JsonNode> next =
                rules(proposed).orElseThrow(() -> new IllegalArgumentException("the proposed policy is not JSON"));
        List<Change> changes = new ArrayList<>();
        if (current.isEmpty()) {
            next.forEach(
                    (priority, rule) -> changes.add(new Change(Kind.ADDED, priority, null, null, null, summary(rule))));
            return new Result(Status.CREATED, changes, null, proposed);
        }
        Optional<Map<Long, JsonNode>> parsed = rules(current.get());
        if (parsed.isEmpty()) {
            // The current text is no readable policy: every rule of the new one is added in its place.
            next.forEach((priority, rule) -> changes.add(new Change(
                    Kind.ADDED,
                    priority,
                    null,
                    null,
                    null,
                    summary(rule) + " (replacing a policy that is not readable)")));
            return new Result(Status.UPDATED, changes, current.get(), proposed);
        }
        Map<Long, JsonNode> before = parsed.get();
        TreeSet<Long> priorities = new TreeSet<>(before.keySet());
        priorities.addAll(next.keySet());
        for (Long p : priorities) {
            JsonNode a = before.get(p);
            JsonNode b = next.get(p);
            if (a == null) {
                changes.add(new Change(Kind.ADDED, p, null, null, null, summary(b)));
            } else if (b == null) {
                changes.add(new Change(Kind.REMOVED, p, null, null, null, summary(a)));
            } else if (!a.equals(b)) {
                Map<String, String> fa = flatten(a);
                Map<String, String> fb = flatten(b);
                TreeSet<String> keys = new TreeSet<>(fa.keySet());
                keys.addAll(fb.keySet());
                for (String k : keys) {
                    String va = fa.get(k);
                    String vb = fb.get(k);
                    if (!java.util.Objects.equals(va, vb)) {
                        changes.add(new Change(Kind.CHANGED, p, k, va, vb, summary(b)));
                    }
                }
            }
        }
        return new Result(changes.isEmpty() ? Status.UNCHANGED : Status.UPDATED, changes, current.get(), proposed);
    }

    /** A one-line reading of a rule, e.g. {@code expire tagged images matching prod* beyond the 10 newest}. */
    public static String summary(JsonNode rule) {
        JsonNode s = rule.path("selection");
        String action = "transition".equals(rule.path("action").path("type").asText()) ? "archive" : "expire";
        String status = s.path("tagStatus").asText("?");
        String images;
        if ("tagged".equals(status)) {
            String key = s.has("tagPatternList") ? "tagPatternList" : "tagPrefixList";
            List<String> entries = new ArrayList<>();
            s.path(key).forEach(e -> entries.add(e.asText()));
            images = "tagged images " + ("tagPatternList".equals(key) ? "matching " : "with prefixes ")
                    + String.join(" and ", entries);
        } else if ("untagged".equals(status)) {
            images = "untagged images";
        } else {
            images = "all images";
        }
        if ("archive".equals(s.path("storageClass").asText())) {
            images = "archived " + images;
        }
        long n = s.path("countNumber").asLong();
        String when;
        switch (s.path("countType").asText()) {
            case "imageCountMoreThan":
                when = "beyond the " + n + " newest";
                break;
            case "sinceImagePushed":
                when = "pushed more than " + n + " days ago";
                break;
            case "sinceImagePulled":
                when = "not pulled for " + n + " days";
                break;
            default:
                when = "archived more than " + n + " days ago";
        }
        return action + " " + images + " " + when;
    }

    private static Optional<Map<Long, JsonNode>> rules(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (root == null || !root.path("rules").isArray()) {
            return Optional.empty();
        }
        Map<Long, JsonNode> byPriority = new TreeMap<>();
        for (JsonNode rule : root.get("rules")) {
            JsonNode normal = rule.deepCopy();
            if (normal.path("selection") instanceof ObjectNode sel
                    && "standard".equals(sel.path("storageClass").asText())) {
                sel.remove("storageClass");
            }
            byPriority.put(rule.path("rulePriority").asLong(), normal);
        }
        return Optional.of(byPriority);
    }

    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!"rulePriority".equals(e.getKey()) || !prefix.isEmpty()) {
                    flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
                }
            }
        } else {
            out.put(prefix, node.toString());
        }
    }
}
