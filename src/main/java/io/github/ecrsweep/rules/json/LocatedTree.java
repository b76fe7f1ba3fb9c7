package io.github.ecrsweep.rules.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.ecrsweep.rules.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON or YAML text read into plain values (maps, lists, strings, numbers, booleans, null) with the line
 * and column of every path, and the typed accessors the file readers build on: each wrong type, unknown
 * key or duplicate key becomes a {@link Problem} at its place, and reading goes on so that one pass
 * reports every problem.
 */
public final class LocatedTree {

    /** The syntax of a text, and the words its problems use for its containers. */
    public enum Syntax {
        JSON("JSON", "a JSON object", "a JSON array"),
        YAML("YAML", "a mapping", "a list");

        private final String name;
        private final String object;
        private final String array;

        Syntax(String name, String object, String array) {
            this.name = name;
            this.object = object;
            this.array = array;
        }

        /** YAML unless the text starts, after blanks, as a JSON object or array does. */
        public static Syntax of(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!Character.isWhitespace(c) && c != '\uFEFF') {
                    return c == '{' || c == '[' ? JSON : YAML;
                }
            }
            return JSON;
        }

        private JsonFactory factory() {
            return this == JSON ? JSON_FACTORY : YAML_FACTORY;
        }
    }

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final JsonFactory YAML_FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Reading order: the text's own order, problems without a position first; the sort is stable. */
    public static final Comparator<Problem> BY_POSITION =
            Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column);

    private final Syntax syntax;
    public final List<Problem> problems = new ArrayList<>();
    private final Map<String, int[]> positions = new HashMap<>();

    private LocatedTree(Syntax syntax) {
        this.syntax = syntax;
    }

    /**
     * Reads the text; the root value, or null with the reason among {@link #problems} when the text is
     * empty, malformed or followed by more content.
     */
    public static LocatedTree read(String text, Syntax syntax, String expected) {
        LocatedTree tree = new LocatedTree(syntax);
        tree.root = tree.parse(text, expected);
        return tree;
    }

    private Object root;

    public Object root() {
        return root;
    }

    Syntax syntax() {
        return syntax;
    }

    private Object parse(String text, String expected) {
        try (JsonParser parser = syntax.factory().createParser(text)) {
            if (parser.nextToken() == null) {
                problems.add(new Problem(Problem.DOCUMENT, "is empty; expected " + expected, 1, 1));
                return null;
            }
            Object value = value(parser, "");
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                problems.add(new Problem(
                        Problem.DOCUMENT,
                        "unexpected content after the " + syntax.name + " "
                                + (syntax == Syntax.JSON ? "object" : "document"),
                        at.getLineNr(),
                        at.getColumnNr()));
                return null;
            }
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("malformed " + syntax.name);
            problems.add(new Problem(
                    Problem.DOCUMENT,
                    "not valid " + syntax.name + ": " + message,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr()));
            return null;
        } catch (IOException e) {
            problems.add(Problem.at(Problem.DOCUMENT, "cannot be read: " + e.getMessage()));
            return null;
        }
    }

    /** The node as an object whose keys are all allowed (each other key is a problem); null when not an object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(Object node, String path, String label, Set<String> allowed) {
        if (!(node instanceof Map)) {
            problems.add(locate(Problem.at(label, "must be " + syntax.object + ", found " + describe(node))));
            return null;
        }
        Map<String, Object> map = (Map<String, Object>) node;
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(locate(
                        Problem.at(child(path, key), "unknown key; expected one of " + String.join(", ", allowed))));
            }
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(Object node, String path) {
        if (!(node instanceof List)) {
            problems.add(locate(Problem.at(path, "must be " + syntax.array + ", found " + describe(node))));
            return null;
        }
        return (List<Object>) node;
    }

    public String string(Map<String, Object> map, String key, String path) {
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

    public Long integer(Map<String, Object> map, String key, String path) {
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

    /** A list of strings; null when absent or when an entry is not a string (reported). */
    public List<String> strings(Map<String, Object> map, String key, String path) {
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
        // A list with a bad entry was reported; a validator must not report it as missing.
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
                throw new IllegalStateException("unexpected token " + token);
        }
    }

    private void mark(String path, JsonLocation at) {
        positions.put(path, new int[] {at.getLineNr(), at.getColumnNr()});
    }

    /** Adds the position of the problem's path, or of its nearest located ancestor. */
    public Problem locate(Problem problem) {
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

    /** A problem at a path, located. */
    public void problem(String path, String message) {
        problems.add(locate(Problem.at(path, message)));
    }

    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String describe(Object v) {
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
