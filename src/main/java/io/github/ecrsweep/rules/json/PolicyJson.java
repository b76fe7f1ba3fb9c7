package io.github.ecrsweep.rules.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.github.ecrsweep.rules.PolicySpec;
import io.github.ecrsweep.rules.PolicySpec.ActionSpec;
import io.github.ecrsweep.rules.PolicySpec.RuleSpec;
import io.github.ecrsweep.rules.PolicySpec.SelectionSpec;
import io.github.ecrsweep.rules.PolicyValidator;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads lifecycle policy text ({@code rules.json}) into a {@link PolicySpec}, keeping where each
 * element stands, then validates it. Syntax errors, unknown keys, duplicate keys and wrong JSON types
 * are reported here; every other constraint by {@link PolicyValidator}. Each problem carries its JSON
 * path and its line and column in the text.
 */
public final class PolicyJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final Set<String> ROOT_KEYS = Set.of("rules");
    private static final Set<String> RULE_KEYS = keys("rulePriority", "description", "selection", "action");
    private static final Set<String> SELECTION_KEYS = keys(
            "tagStatus", "tagPatternList", "tagPrefixList", "storageClass", "countType", "countUnit", "countNumber");
    private static final Set<String> ACTION_KEYS = keys("type", "targetStorageClass");

    // Reading order: the text's own order, problems without a position first; the sort is stable.
    private static final Comparator<Problem> BY_POSITION =
            Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column);

    private PolicyJson() {}

    /** Parses and validates; a valid policy comes back with no problems. */
    public static Validation check(String text) {
        Reader reader = new Reader();
        PolicySpec spec = reader.read(text);
        List<Problem> problems = new ArrayList<>(reader.problems);
        if (spec != null) {
            Set<String> reported = new LinkedHashSet<>();
            reader.problems.forEach(p -> reported.add(p.path()));
            Validation validation = PolicyValidator.validate(spec);
            for (Problem p : validation.problems()) {
                // A value the reader already rejected is not "missing" as well.
                if (reported.stream().noneMatch(r -> within(p.path(), r))) {
                    problems.add(reader.locate(p));
                }
            }
            if (problems.isEmpty()) {
                return validation;
            }
        }
        problems.sort(BY_POSITION);
        return new Validation(problems, Optional.empty());
    }

    private static boolean within(String path, String reported) {
        return path.equals(reported) || path.startsWith(reported + ".") || path.startsWith(reported + "[");
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    /** A tree of plain values (maps, lists, strings, numbers, booleans, null) with a position per path. */
    private static final class Reader {
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, int[]> positions = new HashMap<>();

        PolicySpec read(String text) {
            Object root;
            try (JsonParser parser = FACTORY.createParser(text)) {
                if (parser.nextToken() == null) {
                    problems.add(new Problem(
                            Problem.DOCUMENT, "is empty; expected a JSON object with a \"rules\" array", 1, 1));
                    return null;
                }
                root = value(parser, "");
                if (parser.nextToken() != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    problems.add(new Problem(
                            Problem.DOCUMENT,
                            "unexpected content after the JSON object",
                            at.getLineNr(),
                            at.getColumnNr()));
                    return null;
                }
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String message = e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
                problems.add(new Problem(
                        Problem.DOCUMENT,
                        "not valid JSON: " + message,
                        at == null ? 0 : at.getLineNr(),
                        at == null ? 0 : at.getColumnNr()));
                return null;
            } catch (IOException e) {
                problems.add(Problem.at(Problem.DOCUMENT, "cannot be read: " + e.getMessage()));
                return null;
            }
            int length = text.codePointCount(0, text.length());
            Map<String, Object> object = object(root, "", Problem.DOCUMENT, ROOT_KEYS);
            if (object == null) {
                return null;
            }
            List<RuleSpec> rules = null;
            if (object.containsKey("rules")) {
                List<Object> list = list(object.get("rules"), "rules");
                if (list != null) {
                    rules = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        rules.add(rule(list.get(i), "rules[" + i + "]"));
                    }
                } else {
                    rules = List.of();
                }
            }
            return new PolicySpec(rules, length);
        }

        private RuleSpec rule(Object node, String path) {
            Map<String, Object> rule = object(node, path, path, RULE_KEYS);
            if (rule == null) {
                return new RuleSpec(null, null, null, null);
            }
            SelectionSpec selection = null;
            if (rule.containsKey("selection")) {
                String sp = path + ".selection";
                Map<String, Object> s = object(rule.get("selection"), sp, sp, SELECTION_KEYS);
                selection = s == null
                        ? new SelectionSpec(null, null, null, null, null, null, null)
                        : new SelectionSpec(
                                string(s, "tagStatus", sp),
                                strings(s, "tagPatternList", sp),
                                strings(s, "tagPrefixList", sp),
                                string(s, "storageClass", sp),
                                string(s, "countType", sp),
                                string(s, "countUnit", sp),
                                integer(s, "countNumber", sp));
            }
            ActionSpec action = null;
            if (rule.containsKey("action")) {
                String ap = path + ".action";
                Map<String, Object> a = object(rule.get("action"), ap, ap, ACTION_KEYS);
                action = a == null
                        ? new ActionSpec(null, null)
                        : new ActionSpec(string(a, "type", ap), string(a, "targetStorageClass", ap));
            }
            return new RuleSpec(
                    integer(rule, "rulePriority", path), string(rule, "description", path), selection, action);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> object(Object node, String path, String label, Set<String> allowed) {
            if (!(node instanceof Map)) {
                problems.add(locate(Problem.at(label, "must be a JSON object, found " + describe(node))));
                return null;
            }
            Map<String, Object> map = (Map<String, Object>) node;
            for (String key : map.keySet()) {
                if (!allowed.contains(key)) {
                    problems.add(locate(Problem.at(
                            child(path, key), "unknown key; expected one of " + String.join(", ", allowed))));
                }
            }
            return map;
        }

        @SuppressWarnings("unchecked")
        private List<Object> list(Object node, String path) {
            if (!(node instanceof List)) {
                problems.add(locate(Problem.at(path, "must be a JSON array, found " + describe(node))));
                return null;
            }
            return (List<Object>) node;
        }

        private String string(Map<String, Object> map, String key, String path) {
            if (!map.containsKey(key)) {
                return null;
            }
            Object v = map.get(key);
            if (v instanceof String s) {
                return s;
            }
            problems.add(locate(Problem.at(child(path, key), "must be a string, found " + describe(v))));
            return null;
        }

        private Long integer(Map<String, Object> map, String key, String path) {
            if (!map.containsKey(key)) {
                return null;
            }
            Object v = map.get(key);
            if (v instanceof Long n) {
                return n;
            }
            String found = v instanceof java.math.BigInteger ? "an integer out of range (" + v + ")" : describe(v);
            problems.add(locate(Problem.at(child(path, key), "must be an integer, found " + found)));
            return null;
        }

        private List<String> strings(Map<String, Object> map, String key, String path) {
            if (!map.containsKey(key)) {
                return null;
            }
            String lp = child(path, key);
            List<Object> list = list(map.get(key), lp);
            if (list == null) {
                return null;
            }
            List<String> result = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String s) {
                    result.add(s);
                } else {
                    problems.add(
                            locate(Problem.at(lp + "[" + i + "]", "must be a string, found " + describe(list.get(i)))));
                    ok = false;
                }
            }
            // A list with a bad entry was reported; the validator must not report it as missing.
            return ok ? result : null;
        }

        private Object value(JsonParser p, String path) throws IOException {
            JsonToken token = p.currentToken();
            if (!positions.containsKey(path)) {
                mark(path, p.currentTokenLocation());
            }
            switch (token) {
                case START_OBJECT: {
                    Map<String, Object> map = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        String childPath = child(path, name);
                        JsonLocation at = p.currentTokenLocation();
                        p.nextToken();
                        if (map.containsKey(name)) {
                            problems.add(new Problem(childPath, "duplicate key", at.getLineNr(), at.getColumnNr()));
                            value(p, childPath + "#dup");
                            continue;
                        }
                        mark(childPath, at);
                        map.put(name, value(p, childPath));
                    }
                    return map;
                }
                case START_ARRAY: {
                    List<Object> list = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        list.add(value(p, path + "[" + list.size() + "]"));
                    }
                    return list;
                }
                case VALUE_STRING:
                    return p.getText();
                case VALUE_NUMBER_INT:
                    return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? p.getBigIntegerValue()
                            : (Object) p.getLongValue();
                case VALUE_NUMBER_FLOAT:
                    return p.getDecimalValue();
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return null;
                default:
                    throw new IllegalStateException("unexpected JSON token " + token);
            }
        }

        private void mark(String path, JsonLocation at) {
            positions.put(path, new int[] {at.getLineNr(), at.getColumnNr()});
        }

        /** Adds the position of the problem's path, or of its nearest located ancestor. */
        Problem locate(Problem problem) {
            if (problem.hasPosition()) {
                return problem;
            }
            String path = problem.path();
            while (true) {
                int[] at = positions.get(Problem.DOCUMENT.equals(path) ? "" : path);
                if (at != null) {
                    return problem.withPosition(at[0], at[1]);
                }
                if (path.isEmpty() || Problem.DOCUMENT.equals(path)) {
                    return problem;
                }
                int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
                path = cut <= 0 ? "" : path.substring(0, cut);
            }
        }

        private static String child(String path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        private static String describe(Object v) {
            if (v == null) {
                return "null";
            }
            if (v instanceof String s) {
                return "the string \"" + s + "\"";
            }
            if (v instanceof Map) {
                return "an object";
            }
            if (v instanceof List) {
                return "an array";
            }
            if (v instanceof Boolean) {
                return "a boolean (" + v + ")";
            }
            return "the number " + v;
        }
    }
}
