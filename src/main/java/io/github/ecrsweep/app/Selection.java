package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which repositories a run acts on: named ones (asked for by name), or all of them, narrowed by
 * {@code *} / {@code ?} globs.
 *
 * @param allByDefault whether no choice at all means every repository (apply-all, list)
 * @param shard        the part of the selection this run takes ({@code --shard I/N}), or null for all of it
 */
public record Selection(
        List<String> names,
        boolean all,
        List<String> include,
        List<String> exclude,
        boolean allByDefault,
        Shard shard) {

    private static final Logger LOG = LoggerFactory.getLogger(Selection.class);

    // ECR's RepositoryName pattern since 2026-02-25, 2..256 characters.
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

    /** Rejects malformed names and contradictory choices before any call. */
    public Selection {
        names = List.copyOf(names);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        names.forEach(Selection::checkName);
        if (all && !names.isEmpty()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--all and -r/--repository exclude each other; use --include and --exclude to narrow --all");
        }
        if (names.isEmpty() && !all && include.isEmpty() && !allByDefault) {
            throw new UserError(ExitCode.USAGE, "choose repositories with -r NAME, --all or --include GLOB");
        }
    }

    /** Every repository of the selection, in one shard. */
    public Selection(
            List<String> names, boolean all, List<String> include, List<String> exclude, boolean allByDefault) {
        this(names, all, include, exclude, allByDefault, null);
    }

    /** One repository by name. */
    public static Selection of(String name) {
        return new Selection(List.of(name), false, List.of(), List.of(), false);
    }

    /** Rejects a name ECR would reject, before any call. */
    public static void checkName(String name) {
        if (name.length() < 2 || name.length() > 256 || !NAME.matcher(name).matches()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "'" + name + "' is not a valid repository name (lower-case letters,"
                            + " digits, and . _ - / between them; 2 to 256 characters)");
        }
    }

    /**
     * The selected repositories, sorted: the named ones (each must exist), or all of them, then filtered
     * by the globs. A selection that leaves nothing is worth a warning: a mistyped pattern or the wrong
     * region.
     */
    public List<Repository> resolve(Registry registry, Diagnostics diagnostics) {
        List<Repository> candidates;
        if (!names.isEmpty()) {
            candidates = registry.findRepositories(names);
            Set<String> found = candidates.stream().map(Repository::name).collect(Collectors.toSet());
            List<String> missing = names.stream()
                    .distinct()
                    .filter(n -> !found.contains(n))
                    .sorted()
                    .toList();
            if (!missing.isEmpty()) {
                throw new UserError(
                        ExitCode.FAILED,
                        (missing.size() == 1
                                        ? "repository '" + missing.get(0) + "'"
                                        : "repositories '" + String.join("', '", missing) + "'")
                                + " not found in " + registry.describe());
            }
        } else {
            candidates = registry.listRepositories();
        }
        List<Repository> chosen = candidates.stream()
                .filter(r -> include.isEmpty() || include.stream().anyMatch(g -> matches(g, r.name())))
                .filter(r -> exclude.stream().noneMatch(g -> matches(g, r.name())))
                .toList();
        if (chosen.isEmpty()) {
            diagnostics.warn(emptyWarning(registry, candidates.size()));
        }
        if (shard == null) {
            return chosen;
        }
        // The account is known once repositories were listed; the hash is taken before any per-repository call.
        List<Repository> mine = chosen.stream()
                .filter(r -> shard.holds(registry.location(), r.name()))
                .toList();
        LOG.info("shard {}: {} of {} selected repositories", shard, mine.size(), chosen.size());
        return mine;
    }

    private String emptyWarning(Registry registry, int existing) {
        String where = registry.describe();
        if (existing == 0) {
            return where + " has no repositories; check --region and --profile";
        }
        List<String> patterns = new ArrayList<>();
        include.forEach(g -> patterns.add("--include '" + g + "'"));
        exclude.forEach(g -> patterns.add("--exclude '" + g + "'"));
        return String.join(" ", patterns) + " matches none of the " + existing
                + (existing == 1 ? " repository" : " repositories") + " of " + where
                + " (patterns are case-sensitive; repository names are lower case)";
    }

    /** Whether a {@code *} / {@code ?} glob matches the whole name; see {@link Glob}. */
    public static boolean matches(String glob, String name) {
        return Glob.matches(glob, name);
    }
}
