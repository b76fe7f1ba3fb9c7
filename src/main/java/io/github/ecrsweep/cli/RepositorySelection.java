package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.Repository;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Which repositories a command acts on: named ones, or all of them, narrowed by globs. */
public final class RepositorySelection {

    // ECR's RepositoryName pattern since 2026-02-25, 2..256 characters.
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

    @Option(names = {"-r", "--repository"}, paramLabel = "NAME", description = "A repository (repeatable).")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Every repository of the registry.")
    boolean all;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only repositories whose name matches (repeatable; * and ? wildcards, e.g. 'team-a/*').")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip repositories whose name matches (repeatable).")
    List<String> exclude = new ArrayList<>();

    /** A selection of one repository by name. */
    static RepositorySelection named(String name) {
        RepositorySelection s = new RepositorySelection();
        s.names.add(name);
        return s;
    }

    /** Whether the user chose any repository at all. */
    boolean isEmpty() {
        return names.isEmpty() && !all && include.isEmpty();
    }

    /** Rejects malformed names and contradictory options before any call. */
    void check() {
        names.forEach(RepositorySelection::checkName);
        if (all && !names.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "--all and -r/--repository exclude each other; use --include and --exclude to narrow --all");
        }
    }

    /** Rejects a name ECR would reject, before any call. */
    static void checkName(String name) {
        if (name.length() < 2 || name.length() > 256 || !NAME.matcher(name).matches()) {
            throw new UserError(ExitCode.USAGE, "'" + Text.safe(name) + "' is not a valid repository name (lower-case letters,"
                    + " digits, and . _ - / between them; 2 to 256 characters)");
        }
    }

    /**
     * The selected repositories, sorted: the named ones (asked for by name; each must exist), or all of
     * them (when {@code --all}, {@code --include} or {@code allByDefault}), then filtered by the globs.
     * A selection that leaves nothing is worth a warning: a mistyped pattern or the wrong region.
     */
    List<Repository> resolve(Registry registry, boolean allByDefault, PrintWriter err) {
        check();
        List<Repository> candidates;
        if (!names.isEmpty()) {
            candidates = registry.findRepositories(names);
            Set<String> found = candidates.stream().map(Repository::name).collect(Collectors.toSet());
            List<String> missing = names.stream().distinct().filter(n -> !found.contains(n)).sorted().toList();
            if (!missing.isEmpty()) {
                throw new UserError(ExitCode.FAILED, (missing.size() == 1 ? "repository '" + missing.get(0) + "'"
                        : "repositories '" + String.join("', '", missing) + "'") + " not found in " + registry.describe());
            }
        } else if (all || !include.isEmpty() || allByDefault) {
            candidates = registry.listRepositories();
        } else {
            throw new UserError(ExitCode.USAGE, "choose repositories with -r NAME, --all or --include GLOB");
        }
        List<Repository> chosen = candidates.stream()
                .filter(r -> include.isEmpty() || include.stream().anyMatch(g -> matches(g, r.name())))
                .filter(r -> exclude.stream().noneMatch(g -> matches(g, r.name())))
                .toList();
        if (chosen.isEmpty()) {
            warnEmpty(registry, candidates.size(), err);
        }
        return chosen;
    }

    private void warnEmpty(Registry registry, int existing, PrintWriter err) {
        String where = registry.describe();
        String message;
        if (existing == 0) {
            message = where + " has no repositories; check --region and --profile";
        } else {
            List<String> patterns = new ArrayList<>();
            include.forEach(g -> patterns.add("--include '" + g + "'"));
            exclude.forEach(g -> patterns.add("--exclude '" + g + "'"));
            message = String.join(" ", patterns) + " matches none of the " + existing + (existing == 1 ? " repository" : " repositories")
                    + " of " + where + " (patterns are case-sensitive; repository names are lower case)";
        }
        Cli.warn(err, message);
    }

    /**
     * Whether a {@code *} / {@code ?} glob matches the whole name. Greedy with one backtracking point, so
     * the time grows with name times pattern length at worst, never exponentially as a regular
     * expression built from the glob can.
     */
    static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))) {
                g++;
                n++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = n;
            } else if (star >= 0) {
                g = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
