package io.github.ecrsweep.registry.inuse;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ECR images a CloudFormation template names, in any property: literal URIs, and those built with
 * {@code Ref}, {@code Fn::Sub} (the AWS CDK's {@code ${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/...}),
 * {@code Fn::Join} and {@code Fn::Select} over the pseudo parameters and the stack's parameter values. A
 * construction that mentions ECR but cannot be resolved (a resource attribute, a mapping, an import) is
 * counted, never guessed. Templates are JSON or YAML with the short-form tags ({@code !Sub}, {@code !Ref}, ...).
 */
public final class StackTemplate {

    /** What a template names: the image URIs resolved, and how many ECR-looking constructions were not. */
    public record Found(List<String> images, int unresolved) {}

    /** Where an image URI of a private ECR registry starts in a string, up to where it must end. */
    private static final Pattern ECR_URI = Pattern.compile("[0-9]{12}\\.dkr\\.ecr[A-Za-z0-9.:/@_-]*");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, String> values;
    private final List<String> images = new ArrayList<>();
    private int unresolved;

    private StackTemplate(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads a template's text, JSON or YAML; a short-form tag becomes its long form ({@code !Sub x} is
     * {@code {"Fn::Sub": x}}, {@code !Ref x} is {@code {"Ref": x}}).
     *
     * @throws IOException when the text is neither
     */
    public static JsonNode parse(String text) throws IOException {
        try (YAMLParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            return first == null ? NODES.objectNode() : node(parser);
        }
    }

    private static JsonNode node(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, node(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(node(parser));
                }
                yield array;
            }
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.textNode(parser.getText());
        };
        if (tag == null || tag.isEmpty() || tag.startsWith("tag:yaml.org")) {
            return value;
        }
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        ObjectNode intrinsic = NODES.objectNode();
        intrinsic.set(name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name, value);
        return intrinsic;
    }

    /**
     * The images a template names.
     *
     * @param values the pseudo parameters ({@code AWS::AccountId}, {@code AWS::Region}, ...) and the stack's
     *               parameter values, by name
     */
    public static Found images(JsonNode template, Map<String, String> values) {
        StackTemplate t = new StackTemplate(values);
        // Outputs start nothing; a repository's URI given out there is not an image in use.
        template.properties().forEach(e -> {
            if (!e.getKey().equals("Outputs")) {
                t.walk(e.getValue());
            }
        });
        return new Found(List.copyOf(t.images), t.unresolved);
    }

    /** The images in one string (a parameter's value, say); ECR-looking text that is no image is counted. */
    public static Found images(String text) {
        StackTemplate t = new StackTemplate(Map.of());
        t.scan(text);
        return new Found(List.copyOf(t.images), t.unresolved);
    }

    private void walk(JsonNode node) {
        if (node.isTextual()) {
            scan(node.asText());
        } else if (isIntrinsic(node)) {
            String function = node.fieldNames().next();
            boolean built = function.equals("Ref") || function.equals("Fn::Sub") || function.equals("Fn::Join");
            if (built || function.equals("Fn::Select")) {
                String resolved = resolve(node);
                if (resolved != null) {
                    scan(resolved);
                } else if (mentionsEcr(node)) {
                    unresolved++;
                }
            } else if (function.equals("Fn::GetAtt") && node.toString().contains("RepositoryUri")) {
                // A repository of the stack itself: its URI is known only once deployed.
                unresolved++;
            }
            // Conditions and selections may hold literal URIs in their branches; Ref, Sub and Join were resolved.
            if (!built) {
                node.elements().forEachRemaining(this::walk);
            }
        } else {
            node.elements().forEachRemaining(this::walk);
        }
    }

    private void scan(String text) {
        Matcher m = ECR_URI.matcher(text);
        boolean any = false;
        while (m.find()) {
            any = true;
            String uri = m.group().replaceAll("[.:/@_-]+$", "");
            Optional<ImageReference> image = ImageReference.parse(uri);
            if (image.isPresent() && image.get().isEcr() && !image.get().looksLikeUnreadableEcr()) {
                images.add(uri);
            } else {
                unresolved++;
            }
        }
        if (!any && text.toLowerCase(Locale.ROOT).contains("dkr.ecr")) {
            unresolved++;
        }
    }

    private static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String name = node.fieldNames().next();
        return name.equals("Ref") || name.startsWith("Fn::");
    }

    /** The string an expression comes to, or null when it depends on what only a deployment knows. */
    private String resolve(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode() && !isIntrinsic(node)) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        String function = node.fieldNames().next();
        JsonNode argument = node.get(function);
        return switch (function) {
            case "Ref" -> argument.isTextual() ? values.get(argument.asText()) : null;
            case "Fn::Sub" ->
                argument.isTextual()
                        ? substitute(argument.asText(), null)
                        : argument.isArray()
                                        && argument.size() == 2
                                        && argument.get(0).isTextual()
                                ? substitute(argument.get(0).asText(), argument.get(1))
                                : null;
            case "Fn::Join" -> join(argument);
            case "Fn::Select" -> select(argument);
            default -> null;
        };
    }

    private String join(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(1).isArray()) {
            return null;
        }
        String delimiter = resolve(argument.get(0));
        if (delimiter == null) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        Iterator<JsonNode> parts = argument.get(1).elements();
        while (parts.hasNext()) {
            String part = resolve(parts.next());
            if (part == null) {
                return null;
            }
            joined.append(part);
            if (parts.hasNext()) {
                joined.append(delimiter);
            }
        }
        return joined.toString();
    }

    private String select(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(1).isArray()) {
            return null;
        }
        String index = resolve(argument.get(0));
        try {
            int i = Integer.parseInt(index == null ? "" : index.trim());
            return i >= 0 && i < argument.get(1).size()
                    ? resolve(argument.get(1).get(i))
                    : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    /** {@code Fn::Sub}: {@code ${Name}} from its own variables, then the parameters; {@code ${!Literal}} as is. */
    private String substitute(String template, JsonNode variables) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            String value;
            if (name.startsWith("!")) {
                value = "${" + name.substring(1) + "}";
            } else if (variables != null && variables.has(name)) {
                value = resolve(variables.get(name));
            } else {
                value = values.get(name);
            }
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean mentionsEcr(JsonNode node) {
        return mentionsEcr(node.toString());
    }

    /** Text that names an ECR image or builds one: a registry host, or a repository's URI attribute. */
    private static boolean mentionsEcr(String text) {
        return text.toLowerCase(Locale.ROOT).contains("dkr.ecr") || text.contains(".RepositoryUri");
    }
}
