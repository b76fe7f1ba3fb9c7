package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.json.LocatedTree;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A targets file ({@code --targets FILE}, JSON or YAML, {@code kind: ecrsweep-targets}): the accounts,
 * roles, profiles and regions of a fleet, kept in the repository beside the rule files. Each entry is one
 * account (with the default role name), one role ARN or one profile, in its regions or the default ones.
 *
 * <pre>
 * kind: ecrsweep-targets
 * version: 1
 * defaults: {roleName: ecrsweep, externalId: example, regions: [eu-west-1, us-east-1]}
 * targets:
 *   - account: "111111111111"
 *   - account: "222222222222"
 *     regions: [eu-central-1]
 *   - roleArn: arn:aws:iam::333333333333:role/ecr-cleaner
 *   - profile: legacy
 * </pre>
 */
public final class TargetsFile {

    public static final String KIND = "ecrsweep-targets";

    private static final Set<String> ROOT_KEYS = keys("kind", "version", "defaults", "targets");
    private static final Set<String> DEFAULT_KEYS = keys("roleName", "externalId", "regions", "profile");
    private static final Set<String> TARGET_KEYS =
            keys("account", "roleArn", "roleName", "profile", "regions", "externalId");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");

    private TargetsFile() {}

    /**
     * One target: a profile (or the default credentials), a role to assume (or none) and a region (or the
     * default one).
     */
    public record Entry(String profile, String roleArn, String externalId, String region) {}

    /** The file's targets, or its problems with their places. */
    public record Read(List<Entry> targets, List<Problem> problems) {}

    public static Read read(String text) {
        LocatedTree tree = LocatedTree.read(text, LocatedTree.Syntax.of(text), "a targets file (kind: " + KIND + ")");
        if (tree.root() == null && !tree.problems.isEmpty()) {
            return new Read(List.of(), tree.problems);
        }
        List<Entry> targets = new ArrayList<>();
        Map<String, Object> root = tree.object(tree.root(), "", Problem.DOCUMENT, ROOT_KEYS);
        if (root != null) {
            if (!KIND.equals(root.get("kind"))) {
                tree.problem(
                        root.containsKey("kind") ? "kind" : Problem.DOCUMENT,
                        "a targets file starts with 'kind: " + KIND + "' and 'version: 1'");
            }
            Long version = tree.integer(root, "version", "");
            if (version == null || version != 1) {
                tree.problem(root.containsKey("version") ? "version" : Problem.DOCUMENT, "write 'version: 1'");
            }
            Map<String, Object> defaults = root.containsKey("defaults")
                    ? tree.object(root.get("defaults"), "defaults", "defaults", DEFAULT_KEYS)
                    : Map.of();
            defaults = defaults == null ? Map.of() : defaults;
            String roleName = tree.string(defaults, "roleName", "defaults");
            String externalId = tree.string(defaults, "externalId", "defaults");
            String profile = tree.string(defaults, "profile", "defaults");
            List<String> regions = regions(tree, defaults, "defaults");
            List<Object> list = root.containsKey("targets") ? tree.list(root.get("targets"), "targets") : null;
            if (list == null || list.isEmpty()) {
                tree.problem(root.containsKey("targets") ? "targets" : Problem.DOCUMENT, "lists no targets");
            }
            for (int i = 0; list != null && i < list.size(); i++) {
                String path = "targets[" + i + "]";
                Map<String, Object> t = tree.object(list.get(i), path, path, TARGET_KEYS);
                if (t != null) {
                    entries(tree, t, path, roleName, externalId, profile, regions, targets);
                }
            }
        }
        List<Problem> problems = new ArrayList<>(tree.problems);
        problems.sort(LocatedTree.BY_POSITION);
        return new Read(problems.isEmpty() ? List.copyOf(targets) : List.of(), problems);
    }

    private static void entries(
            LocatedTree tree,
            Map<String, Object> t,
            String path,
            String defaultRoleName,
            String defaultExternalId,
            String defaultProfile,
            List<String> defaultRegions,
            List<Entry> into) {
        String roleArn = tree.string(t, "roleArn", path);
        String roleName = t.containsKey("roleName") ? tree.string(t, "roleName", path) : defaultRoleName;
        String profile = t.containsKey("profile") ? tree.string(t, "profile", path) : defaultProfile;
        String externalId = t.containsKey("externalId") ? tree.string(t, "externalId", path) : defaultExternalId;
        Object account = t.get("account");
        if (account instanceof Long) {
            tree.problem(
                    path + ".account",
                    "write account ids in quotes: YAML reads them as numbers and drops leading zeros");
            return;
        }
        String id = tree.string(t, "account", path);
        if (id != null && roleArn != null) {
            tree.problem(path, "names an account and a roleArn: give one");
            return;
        }
        if (id != null) {
            if (!ACCOUNT.matcher(id).matches()) {
                tree.problem(path + ".account", "is not an account id (12 digits)");
                return;
            }
            if (roleName == null || !ROLE_NAME.matcher(roleName).matches()) {
                tree.problem(path, "an account needs the role to assume there: roleName here or in defaults");
                return;
            }
        }
        if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
            tree.problem(path + ".roleArn", "is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
            return;
        }
        if (id == null && roleArn == null && profile == null && !t.containsKey("regions")) {
            tree.problem(path, "names no account, roleArn or profile");
            return;
        }
        List<String> regions = t.containsKey("regions") ? regions(tree, t, path) : defaultRegions;
        for (String region : regions.isEmpty() ? Collections.<String>singletonList(null) : regions) {
            // An account's role is named in the partition of each region (aws-cn, aws-us-gov).
            String arn = id != null ? io.github.ecrsweep.registry.Partitions.roleArn(id, roleName, region) : roleArn;
            into.add(new Entry(profile, arn, arn == null ? null : externalId, region));
        }
    }

    private static List<String> regions(LocatedTree tree, Map<String, Object> map, String path) {
        List<String> regions = tree.strings(map, "regions", path);
        if (regions == null) {
            return List.of();
        }
        for (int i = 0; i < regions.size(); i++) {
            if (!REGION.matcher(regions.get(i)).matches()) {
                tree.problem(path + ".regions[" + i + "]", "is not a region name (e.g. eu-west-1)");
            }
        }
        return List.copyOf(new LinkedHashSet<>(regions));
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
