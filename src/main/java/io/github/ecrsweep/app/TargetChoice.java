package io.github.ecrsweep.app;

import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The targets of a run as its options name them, before anything is asked: snapshot files, a list of
 * targets (a targets file), or profiles × roles × regions, where the roles are ARNs or one role name in some
 * accounts or in the accounts of the caller's organization. {@link #resolve} makes the targets; the command
 * line has already checked that the options fit together.
 *
 * @param listed       complete targets (a targets file); when not empty, the other lists are empty
 * @param roleName     assumed in each of {@code accounts}, or of the organization's accounts; null for none
 * @param organization whether the accounts are those of the caller's organization ({@code --org-accounts})
 * @param units        with {@code organization}: only the accounts of these units and the units below them
 * @param excludedAccounts   with {@code organization}: accounts left out
 * @param includeManagement  with {@code organization}: whether its management account is a target too (it is
 *                           left out by default: it seldom runs workloads, and cleanup there is for its owners)
 */
public record TargetChoice(
        List<Path> snapshots,
        List<Target> listed,
        List<String> profiles,
        List<String> regions,
        List<String> roleArns,
        String roleName,
        List<String> accounts,
        boolean organization,
        List<String> units,
        List<String> excludedAccounts,
        boolean includeManagement,
        String externalId,
        String sessionName,
        Target.Access access) {

    public TargetChoice {
        snapshots = List.copyOf(snapshots);
        listed = List.copyOf(listed);
        profiles = distinct(profiles);
        regions = distinct(regions);
        roleArns = distinct(roleArns);
        accounts = distinct(accounts);
        units = distinct(units);
        excludedAccounts = distinct(excludedAccounts);
    }

    /** One target: these files, or this region and profile (either may be null), without a role. */
    public static TargetChoice of(List<Path> snapshots, String region, String profile, Target.Access access) {
        return new TargetChoice(
                snapshots,
                List.of(),
                profile == null ? List.of() : List.of(profile),
                region == null ? List.of() : List.of(region),
                List.of(),
                null,
                List.of(),
                false,
                List.of(),
                List.of(),
                false,
                null,
                "ecrsweep",
                access);
    }

    /**
     * Every target, profiles × roles × regions in that order (or the listed ones); one when nothing is
     * repeated. The organization is asked here, once; nothing else is.
     */
    public List<Target> resolve(Organization organization) {
        return resolve(organization, Diagnostics.NONE);
    }

    /** As {@link #resolve(Organization)}, saying what the organization's accounts leave out. */
    public List<Target> resolve(Organization organization, Diagnostics diagnostics) {
        if (!snapshots.isEmpty()) {
            return List.of(new Target(snapshots, first(regions), first(profiles), null, access));
        }
        if (!listed.isEmpty() && !this.organization) {
            return oneRegistry(listed);
        }
        List<String> in = roleName == null ? List.of() : accountsOfRoleName(organization, diagnostics);
        // An account a targets file lists itself keeps its own entries.
        java.util.Set<String> own = new java.util.HashSet<>();
        listed.stream()
                .filter(t -> t.role() != null)
                .forEach(t -> own.add(t.role().account()));
        if (!own.isEmpty()) {
            in = in.stream().filter(a -> !own.contains(a)).toList();
        }
        List<Target> targets = new ArrayList<>();
        for (String profile : orNone(profiles)) {
            for (String region : orNone(regions)) {
                // A role named in an account is named in the partition of the region (aws-cn, aws-us-gov).
                List<String> arns = new ArrayList<>(roleArns);
                in.forEach(
                        account -> arns.add(io.github.ecrsweep.registry.Partitions.roleArn(account, roleName, region)));
                for (String arn : orNone(arns)) {
                    targets.add(new Target(
                            List.of(),
                            region,
                            profile,
                            arn == null
                                    ? null
                                    : new io.github.ecrsweep.registry.AssumedRole(arn, externalId, sessionName),
                            access));
                }
            }
        }
        // The documented order: profiles x roles x regions.
        List<String> ordered = in;
        targets.sort(
                java.util.Comparator.comparingInt((Target t) -> orNone(profiles).indexOf(t.profile()))
                        .thenComparingInt(t -> roleOrder(t, ordered))
                        .thenComparingInt(t -> orNone(regions).indexOf(t.region())));
        List<Target> all = new ArrayList<>(listed);
        all.addAll(targets);
        return oneRegistry(all);
    }

    /**
     * The accounts --role-name is assumed in: --account's, or the organization's (asked here, once) without the
     * excluded ones and, unless asked, its management account.
     */
    private List<String> accountsOfRoleName(Organization organization, Diagnostics diagnostics) {
        List<String> in = accounts;
        if (this.organization) {
            Target caller = new Target(List.of(), first(regions), first(profiles), null, access);
            in = new ArrayList<>(organization.activeAccounts(caller, units));
            List<String> unknown = excludedAccounts.stream()
                    .filter(a -> !organization.activeAccounts(caller, units).contains(a))
                    .toList();
            if (!unknown.isEmpty()) {
                diagnostics.warn("--exclude-account " + String.join(", ", unknown)
                        + ": no ACTIVE account of the organization" + (units.isEmpty() ? "" : "'s units"));
            }
            in.removeAll(excludedAccounts);
            if (!includeManagement) {
                java.util.Optional<String> management = organization.managementAccount(caller);
                if (management.isPresent() && in.remove(management.get())) {
                    diagnostics.warn("the organization's management account " + management.get()
                            + " is left out (--include-management-account takes it)");
                }
            }
        }
        if (in.isEmpty()) {
            throw new UserError(ExitCode.FAILED, "--org-accounts: the organization has no ACTIVE account there");
        }
        return in;
    }

    /** A target's role in the order the options name roles: the ARNs, then the accounts of the role name. */
    private int roleOrder(Target t, List<String> accountsOfRoleName) {
        if (t.role() == null) {
            return -1;
        }
        int arn = roleArns.indexOf(t.role().arn());
        return arn >= 0
                ? arn
                : roleArns.size() + accountsOfRoleName.indexOf(t.role().account());
    }

    private List<Target> oneRegistry(List<Target> targets) {
        // One registry twice would be planned and changed twice, its counts and guards doubled.
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Target t : targets) {
            String who = t.role() != null
                    ? "account " + t.role().account()
                    : t.profile() != null ? "profile " + t.profile() : "the caller's account";
            if (!seen.add(who + " (" + t.region() + ")")) {
                throw new UserError(
                        ExitCode.USAGE, "the targets name " + t.label() + " twice: name each account and region once");
            }
        }
        if (targets.size() > 1 && access.registryId() != null) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--registry-id names one registry; with several targets, each acts in its own account");
        }
        return targets;
    }

    private static List<String> distinct(List<String> values) {
        return values.stream().distinct().toList();
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> orNone(List<String> values) {
        return values.isEmpty() ? Collections.singletonList(null) : values;
    }
}
