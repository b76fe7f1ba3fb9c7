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
 * organization:                 # also every ACTIVE account of the caller's organization, with defaults.roleName
 *   units: [ou-abcd-12345678]   # optional: only these units and those below them
 *   excludeAccounts: ["444444444444"]
 *   includeManagementAccount: false
 * </pre>
 */
public final class TargetsFile {

    public static final String KIND = "ecrsweep-targets";

    private static final Set<String> ROOT_KEYS = keys("kind", "version", "defaults", "targets", "organization");
    private static final Set<String> ORGANIZATION_KEYS = keys("units", "excludeAccounts", "includeManagementAccount");
    private static final Pattern ORG_UNIT = Pattern.compile("ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32}");
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

    /**
     * The accounts of the caller's organization the file adds, each with the defaults' role and regions.
     *
     * @param units                    only the accounts of these units (and the units below), or all when empty
     * @param excludeAccounts          accounts left out
     * @param includeManagementAccount whether the management account is a target too
     */
    public record Organization(
            List<String> units,
            List<String> excludeAccounts,
            boolean includeManagementAccount,
            String roleName,
            String externalId,
            String profile,
            List<String> regions) {}

    /** The file's targets (and its organization, or null), or its problems with their places. */
    public record Read(List<Entry> targets, Organization organization, List<Problem> problems) {

        public Read(List<Entry> targets, List<Problem> problems) {
            this(targets, null, problems);
        }
    }

    public static Read read(String text) {
        LocatedTree tree = LocatedTree.read(text, LocatedTree.Syntax.of(text), "a targets file (kind: " + KIND + ")");
        if (tree.root() == null && !tree.problems.isEmpty()) {
            return new Read(List.of(), tree.problems);
        }
        List<Entry> targets = new ArrayList<>();
        Organization organization = null;
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
            if (root.containsKey("organization")) {
                organization = organization(tree, root.get("organization"), roleName, externalId, profile, regions);
            }
            List<Object> list = root.containsKey("targets") ? tree.list(root.get("targets"), "targets") : null;
            if ((list == null || list.isEmpty()) && !root.containsKey("organization")) {
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
        return problems.isEmpty()
                ? new Read(List.copyOf(targets), organization, problems)
                : new Read(List.of(), null, problems);
    }

    private static Organization organization(
            LocatedTree tree, Object node, String roleName, String externalId, String profile, List<String> regions) {
        Map<String, Object> o = tree.object(node, "organization", "organization", ORGANIZATION_KEYS);
        if (o == null) {
            return null;
        }
        if (roleName == null) {
            tree.problem(
                    "organization", "the organization's accounts need the role to assume there: defaults.roleName");
            return null;
        }
        List<String> units = o.containsKey("units") ? tree.strings(o, "units", "organization") : List.of();
        for (String unit : units == null ? List.<String>of() : units) {
            if (!ORG_UNIT.matcher(unit).matches()) {
                tree.problem(
                        "organization.units", "'" + unit + "' is not an organizational unit (ou-...) or root (r-...)");
            }
        }
        List<String> excluded =
                o.containsKey("excludeAccounts") ? tree.strings(o, "excludeAccounts", "organization") : List.of();
        for (String account : excluded == null ? List.<String>of() : excluded) {
            if (!ACCOUNT.matcher(account).matches()) {
                tree.problem(
                        "organization.excludeAccounts",
                        "'" + account + "' is not an account id (12 digits, in quotes)");
            }
        }
        Object management = o.get("includeManagementAccount");
        if (management != null && !(management instanceof Boolean)) {
            tree.problem("organization.includeManagementAccount", "write true or false");
        }
        return new Organization(
                units == null ? List.of() : List.copyOf(units),
                excluded == null ? List.of() : List.copyOf(excluded),
                Boolean.TRUE.equals(management),
                roleName,
                externalId,
                profile,
                regions);
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
