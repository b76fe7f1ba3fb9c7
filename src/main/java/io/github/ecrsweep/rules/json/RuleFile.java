package io.github.ecrsweep.rules.json;

import io.github.ecrsweep.rules.Ages;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.RuleSet;
import io.github.ecrsweep.rules.SweepRule;
import io.github.ecrsweep.rules.TagStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An ecrsweep rule file ({@code kind: ecrsweep-rules}, JSON or YAML; {@code docs/RULES.md}): its rules and
 * the in-use sources it declares. {@link #check} reports every problem with its path, line and column, as
 * policies are checked.
 *
 * @param rules the never lists and the repository blocks
 * @param inUse the in-use sources the file declares (paths as written: relative to the file)
 */
public record RuleFile(RuleSet rules, InUse inUse) {

    public static final String KIND = "ecrsweep-rules";

    private static final Set<String> ROOT_KEYS = keys("kind", "version", "never", "inUse", "repositories");
    private static final Set<String> NEVER_KEYS = keys("tags", "digests");
    private static final Set<String> IN_USE_KEYS = keys(
            "services",
            "inspectorWithin",
            "keepTaskDefinitions",
            "k8s",
            "pinFiles",
            "inUseFiles",
            "keepPulledWithin",
            "optional");
    private static final Set<String> BLOCK_KEYS = keys("match", "exclude", "never", "rules");
    private static final Set<String> RULE_KEYS = keys(
            "description",
            "tagStatus",
            "tagRegex",
            "excludeTagRegex",
            "excludeTags",
            "keep",
            "groupBy",
            "olderThan",
            "pulledBefore",
            "action");
    private static final Set<String> SERVICES = keys("ecs", "lambda", "inspector", "cloudformation", "batch");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern GROUP_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");

    /**
     * The in-use sources a rule file declares, as the command line's options name them; empty lists and
     * null ages when it declares none.
     */
    public record InUse(
            List<String> services,
            Duration inspectorWithin,
            String keepTaskDefinitions,
            List<String> kubernetes,
            List<String> pinFiles,
            List<String> inUseFiles,
            Duration keepPulledWithin,
            List<String> optional) {

        public static final InUse NONE =
                new InUse(List.of(), null, null, List.of(), List.of(), List.of(), null, List.of());

        public InUse {
            services = List.copyOf(services);
            kubernetes = List.copyOf(kubernetes);
            pinFiles = List.copyOf(pinFiles);
            inUseFiles = List.copyOf(inUseFiles);
            optional = List.copyOf(optional);
        }
    }

    /** A checked file: its problems in reading order, and the file when there are none. */
    public record Check(List<Problem> problems, Optional<RuleFile> file) {
        public Check {
            problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    /**
     * Whether a text is meant as a rule file rather than a policy: its name ends in {@code .yaml} or
     * {@code .yml}, or it is YAML, or its {@code kind} says so.
     */
    public static boolean isRuleFile(String name, String text) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml")
                || lower.endsWith(".yml")
                || LocatedTree.Syntax.of(text) == LocatedTree.Syntax.YAML) {
            return true;
        }
        LocatedTree tree = LocatedTree.read(text, LocatedTree.Syntax.JSON, "");
        return tree.root() instanceof Map<?, ?> root && KIND.equals(root.get("kind"));
    }

    /** Reads and checks a rule file; a valid one comes back with no problems. */
    public static Check check(String text) {
        LocatedTree tree = LocatedTree.read(text, LocatedTree.Syntax.of(text), "a rule file (kind: " + KIND + ")");
        if (tree.root() == null && !tree.problems.isEmpty()) {
            return new Check(tree.problems, Optional.empty());
        }
        RuleFile file = new Reader(tree).file();
        List<Problem> problems = new ArrayList<>(tree.problems);
        problems.sort(LocatedTree.BY_POSITION);
        return new Check(problems, problems.isEmpty() ? Optional.ofNullable(file) : Optional.empty());
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    /** Builds the file from its tree, reporting each problem where it stands. */
    private static final class Reader {
        private final LocatedTree tree;

        Reader(LocatedTree tree) {
            this.tree = tree;
        }

        RuleFile file() {
            if (tree.root() instanceof Map<?, ?> raw && raw.containsKey("rules") && !raw.containsKey("kind")) {
                tree.problem(
                        Problem.DOCUMENT,
                        "is an ECR lifecycle policy, not a rule file: 'ecrsweep expire --policy FILE' applies it now,"
                                + " 'ecrsweep put-policy' hands it to ECR");
                return null;
            }
            Map<String, Object> root = tree.object(tree.root(), "", Problem.DOCUMENT, ROOT_KEYS);
            if (root == null) {
                return null;
            }
            Object kind = root.get("kind");
            if (!KIND.equals(kind)) {
                tree.problem(
                        root.containsKey("kind") ? "kind" : Problem.DOCUMENT,
                        (root.containsKey("kind") ? "is " + LocatedTree.describe(kind) : "has no kind")
                                + "; a rule file starts with 'kind: " + KIND + "' and 'version: 1'");
            }
            Long version = tree.integer(root, "version", "");
            if (!root.containsKey("version")) {
                tree.problem(Problem.DOCUMENT, "has no version; write 'version: 1'");
            } else if (version != null && version != 1) {
                tree.problem("version", "is " + version + "; this ecrsweep reads version 1");
            }
            RuleSet.Never never = never(root, "");
            InUse inUse = root.containsKey("inUse") ? inUse(root.get("inUse")) : InUse.NONE;
            List<RuleSet.Block> blocks = new ArrayList<>();
            if (!root.containsKey("repositories")) {
                tree.problem(Problem.DOCUMENT, "has no repositories; list repository blocks with match and rules");
            } else {
                List<Object> list = tree.list(root.get("repositories"), "repositories");
                if (list != null && list.isEmpty()) {
                    tree.problem("repositories", "is empty; list at least one repository block");
                }
                for (int i = 0; list != null && i < list.size(); i++) {
                    RuleSet.Block block = block(list.get(i), "repositories[" + i + "]", i + 1);
                    if (block != null) {
                        blocks.add(block);
                    }
                }
            }
            return new RuleFile(new RuleSet(never, blocks), inUse);
        }

        private RuleSet.Never never(Map<String, Object> owner, String path) {
            if (!owner.containsKey("never")) {
                return RuleSet.Never.NONE;
            }
            String np = LocatedTree.child(path, "never");
            Map<String, Object> map = tree.object(owner.get("never"), np, np, NEVER_KEYS);
            if (map == null) {
                return RuleSet.Never.NONE;
            }
            List<String> tags = globs(map, "tags", np);
            List<Digest> digests = new ArrayList<>();
            List<String> texts = tree.strings(map, "digests", np);
            for (int i = 0; texts != null && i < texts.size(); i++) {
                if (SHA256.matcher(texts.get(i)).matches()) {
                    digests.add(Digest.of(texts.get(i)));
                } else {
                    tree.problem(np + ".digests[" + i + "]", "is not a digest; write sha256:<64 hex digits>");
                }
            }
            return new RuleSet.Never(tags, digests);
        }

        private InUse inUse(Object node) {
            Map<String, Object> map = tree.object(node, "inUse", "inUse", IN_USE_KEYS);
            if (map == null) {
                return InUse.NONE;
            }
            List<String> services = orEmpty(tree.strings(map, "services", "inUse"));
            for (int i = 0; i < services.size(); i++) {
                if (!SERVICES.contains(services.get(i))) {
                    tree.problem(
                            "inUse.services[" + i + "]",
                            "is not an in-use service; use ecs, lambda, inspector, cloudformation or batch");
                }
            }
            Duration within = age(map, "inspectorWithin", "inUse");
            if (within != null && !services.contains("inspector")) {
                tree.problem("inUse.inspectorWithin", "applies to the inspector service only; add it to services");
            }
            Object revisions = map.get("keepTaskDefinitions");
            String keep = null;
            if (revisions instanceof Long n && n >= 1) {
                keep = Long.toString(n);
            } else if ("all".equals(revisions)) {
                keep = "all";
            } else if (map.containsKey("keepTaskDefinitions")) {
                tree.problem(
                        "inUse.keepTaskDefinitions",
                        "must be a count of at least 1 or all, found " + LocatedTree.describe(revisions));
            }
            if (keep != null && !services.contains("ecs") && !services.contains("batch")) {
                tree.problem(
                        "inUse.keepTaskDefinitions", "applies to the ecs and batch services only; add one to services");
            }
            return new InUse(
                    services,
                    within,
                    keep,
                    orEmpty(tree.strings(map, "k8s", "inUse")),
                    orEmpty(tree.strings(map, "pinFiles", "inUse")),
                    orEmpty(tree.strings(map, "inUseFiles", "inUse")),
                    age(map, "keepPulledWithin", "inUse"),
                    orEmpty(tree.strings(map, "optional", "inUse")));
        }

        private RuleSet.Block block(Object node, String path, int number) {
            Map<String, Object> map = tree.object(node, path, path, BLOCK_KEYS);
            if (map == null) {
                return null;
            }
            List<String> match = oneOrMany(map, "match", path);
            if (!map.containsKey("match")) {
                tree.problem(path, "has no match; name the repositories it covers (globs, e.g. 'team-a/*')");
            } else if (match.isEmpty()) {
                tree.problem(path + ".match", "is empty; name at least one repository glob");
            }
            List<String> exclude = oneOrMany(map, "exclude", path);
            RuleSet.Never never = never(map, path);
            List<SweepRule> rules = new ArrayList<>();
            if (!map.containsKey("rules")) {
                tree.problem(path, "has no rules");
            } else {
                List<Object> list = tree.list(map.get("rules"), path + ".rules");
                if (list != null && list.isEmpty()) {
                    tree.problem(path + ".rules", "is empty; a block needs at least one rule");
                }
                for (int i = 0; list != null && i < list.size(); i++) {
                    SweepRule rule = rule(list.get(i), path + ".rules[" + i + "]", i + 1);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
            return new RuleSet.Block(number, match, exclude, never, rules);
        }

        private SweepRule rule(Object node, String path, int number) {
            Map<String, Object> map = tree.object(node, path, path, RULE_KEYS);
            if (map == null) {
                return null;
            }
            int before = tree.problems.size();
            String description = tree.string(map, "description", path);
            TagStatus tagStatus = TagStatus.ANY;
            String status = tree.string(map, "tagStatus", path);
            if (status != null) {
                tagStatus = TagStatus.fromJson(status).orElse(null);
                if (tagStatus == null) {
                    tree.problem(path + ".tagStatus", "must be tagged, untagged or any");
                }
            }
            SweepRule.Action action = SweepRule.Action.DELETE;
            String act = tree.string(map, "action", path);
            if (act != null) {
                action = SweepRule.Action.ofCode(act).orElse(null);
                if (action == null) {
                    tree.problem(path + ".action", "must be delete, archive, untag or keep");
                }
            }
            Pattern tagRegex = regex(map, "tagRegex", path);
            Pattern excludeTagRegex = regex(map, "excludeTagRegex", path);
            List<String> excludeTags = globs(map, "excludeTags", path);
            Long keep = tree.integer(map, "keep", path);
            if (keep != null && (keep < 0 || keep > 100_000)) {
                tree.problem(path + ".keep", "must be from 0 to 100000, found " + keep);
            }
            String groupBy = groupBy(map, path, tagRegex, keep);
            Duration olderThan = age(map, "olderThan", path);
            Duration pulledBefore = age(map, "pulledBefore", path);
            if (tagRegex != null && tagStatus == TagStatus.UNTAGGED) {
                tree.problem(path + ".tagRegex", "matches tags, so it cannot match untagged images (tagStatus)");
            }
            if (action == SweepRule.Action.UNTAG && tagRegex == null) {
                tree.problem(path, "an untag rule removes the tags its tagRegex finds: give tagRegex");
            }
            if (action == SweepRule.Action.KEEP) {
                for (String key : List.of("keep", "groupBy", "olderThan", "pulledBefore")) {
                    if (map.containsKey(key)) {
                        tree.problem(path + "." + key, "does not apply: a keep rule keeps every image it matches");
                    }
                }
            } else if (action != null
                    && !map.containsKey("keep")
                    && !map.containsKey("olderThan")
                    && !map.containsKey("pulledBefore")) {
                tree.problem(
                        path,
                        "would " + action.code() + " every image it matches; give keep, olderThan or pulledBefore"
                                + " (olderThan: 0 to mean every matched image)");
            }
            if (tree.problems.size() > before || tagStatus == null || action == null) {
                return null;
            }
            return new SweepRule(
                    number,
                    description,
                    tagStatus,
                    tagRegex,
                    excludeTagRegex,
                    excludeTags,
                    keep == null ? null : keep.intValue(),
                    groupBy,
                    olderThan,
                    pulledBefore,
                    action);
        }

        /** The capture group {@code keep} counts per: a number or a name of one of {@code tagRegex}'s groups. */
        private String groupBy(Map<String, Object> map, String path, Pattern tagRegex, Long keep) {
            if (!map.containsKey("groupBy")) {
                return null;
            }
            Object value = map.get("groupBy");
            String gp = path + ".groupBy";
            String group;
            if (value instanceof Long n) {
                group = Long.toString(n);
            } else if (value instanceof String s && GROUP_NAME.matcher(s).matches()) {
                group = s;
            } else {
                tree.problem(gp, "must be a capture group of tagRegex: its number (1, 2, ...) or its name");
                return null;
            }
            if (!map.containsKey("keep")) {
                tree.problem(gp, "groups images for keep; give keep too");
            }
            if (!map.containsKey("tagRegex")) {
                tree.problem(gp, "names a capture group of tagRegex; give tagRegex too");
                return null;
            }
            if (tagRegex == null) {
                return null; // reported with tagRegex
            }
            int groups = tagRegex.matcher("").groupCount();
            boolean known = value instanceof Long n
                    ? n >= 1 && n <= groups
                    : tagRegex.pattern().contains("(?<" + group + ">");
            if (!known) {
                tree.problem(
                        gp,
                        value instanceof Long
                                ? "is group " + group + ", but tagRegex has " + groups
                                        + (groups == 1 ? " capture group" : " capture groups")
                                : "names no group of tagRegex; write (?<" + group + ">...) in it");
                return null;
            }
            return group;
        }

        private Pattern regex(Map<String, Object> map, String key, String path) {
            String text = tree.string(map, key, path);
            if (text == null) {
                return null;
            }
            try {
                return Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                tree.problem(
                        path + "." + key,
                        "is not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
                return null;
            }
        }

        private Duration age(Map<String, Object> map, String key, String path) {
            Object value = map.get(key);
            if (value == null && !map.containsKey(key)) {
                return null;
            }
            Optional<Duration> age = value instanceof Long n && n == 0
                    ? Optional.of(Duration.ZERO)
                    : value instanceof String s ? Ages.parse(s) : Optional.empty();
            if (age.isEmpty()) {
                tree.problem(
                        LocatedTree.child(path, key),
                        "must be an age, " + Ages.FORMS + ", found " + LocatedTree.describe(value));
                return null;
            }
            return age.get();
        }

        private List<String> globs(Map<String, Object> map, String key, String path) {
            List<String> globs = orEmpty(tree.strings(map, key, path));
            for (int i = 0; i < globs.size(); i++) {
                if (globs.get(i).isEmpty()) {
                    tree.problem(LocatedTree.child(path, key) + "[" + i + "]", "is empty");
                }
            }
            return globs;
        }

        /** A string or a list of strings. */
        private List<String> oneOrMany(Map<String, Object> map, String key, String path) {
            if (map.get(key) instanceof String s) {
                return List.of(s);
            }
            return globs(map, key, path);
        }

        private static List<String> orEmpty(List<String> list) {
            return list == null ? List.of() : list;
        }
    }
}
