package io.github.ecrsweep.rules.json;

import io.github.ecrsweep.rules.PolicySpec;
import io.github.ecrsweep.rules.PolicySpec.ActionSpec;
import io.github.ecrsweep.rules.PolicySpec.RuleSpec;
import io.github.ecrsweep.rules.PolicySpec.SelectionSpec;
import io.github.ecrsweep.rules.PolicyValidator;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.Problem;
import java.util.ArrayList;
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

    private static final Set<String> ROOT_KEYS = Set.of("rules");
    private static final Set<String> RULE_KEYS = keys("rulePriority", "description", "selection", "action");
    private static final Set<String> SELECTION_KEYS = keys(
            "tagStatus", "tagPatternList", "tagPrefixList", "storageClass", "countType", "countUnit", "countNumber");
    private static final Set<String> ACTION_KEYS = keys("type", "targetStorageClass");

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
        problems.sort(LocatedTree.BY_POSITION);
        return new Validation(problems, Optional.empty());
    }

    private static boolean within(String path, String reported) {
        return path.equals(reported) || path.startsWith(reported + ".") || path.startsWith(reported + "[");
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    /** Builds the policy's spec from its located tree. */
    private static final class Reader {
        private LocatedTree tree;
        private List<Problem> problems;

        PolicySpec read(String text) {
            tree = LocatedTree.read(text, LocatedTree.Syntax.JSON, "a JSON object with a \"rules\" array");
            problems = tree.problems;
            Object root = tree.root();
            if (root == null && !problems.isEmpty()) {
                return null;
            }
            int length = text.codePointCount(0, text.length());
            Map<String, Object> object = tree.object(root, "", Problem.DOCUMENT, ROOT_KEYS);
            if (object == null) {
                return null;
            }
            List<RuleSpec> rules = null;
            if (object.containsKey("rules")) {
                List<Object> list = tree.list(object.get("rules"), "rules");
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
            Map<String, Object> rule = tree.object(node, path, path, RULE_KEYS);
            if (rule == null) {
                return new RuleSpec(null, null, null, null);
            }
            SelectionSpec selection = null;
            if (rule.containsKey("selection")) {
                String sp = path + ".selection";
                Map<String, Object> s = tree.object(rule.get("selection"), sp, sp, SELECTION_KEYS);
                selection = s == null
                        ? new SelectionSpec(null, null, null, null, null, null, null)
                        : new SelectionSpec(
                                tree.string(s, "tagStatus", sp),
                                tree.strings(s, "tagPatternList", sp),
                                tree.strings(s, "tagPrefixList", sp),
                                tree.string(s, "storageClass", sp),
                                tree.string(s, "countType", sp),
                                tree.string(s, "countUnit", sp),
                                tree.integer(s, "countNumber", sp));
            }
            ActionSpec action = null;
            if (rule.containsKey("action")) {
                String ap = path + ".action";
                Map<String, Object> a = tree.object(rule.get("action"), ap, ap, ACTION_KEYS);
                action = a == null
                        ? new ActionSpec(null, null)
                        : new ActionSpec(tree.string(a, "type", ap), tree.string(a, "targetStorageClass", ap));
            }
            return new RuleSpec(
                    tree.integer(rule, "rulePriority", path),
                    tree.string(rule, "description", path),
                    selection,
                    action);
        }

        Problem locate(Problem problem) {
            return tree.locate(problem);
        }
    }
}
