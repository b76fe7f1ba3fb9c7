package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.Repository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /** Whether the user chose any repository at all. */
    boolean isEmpty() {
        return names.isEmpty() && !all && include.isEmpty();
    }

    boolean isAll() {
        return all;
    }

    List<String> names() {
        return names;
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
            throw new UserError(ExitCode.USAGE, "'" + name + "' is not a valid repository name (lower-case letters, digits,"
                    + " and . _ - / between them; 2 to 256 characters)");
        }
    }

    /**
     * The selected repositories, sorted: the named ones (each must exist), or all of them (when
     * {@code --all}, {@code --include} or {@code allByDefault}), then filtered by the globs.
     */
    List<String> resolve(Registry registry, boolean allByDefault) {
        return resolveRepositories(registry, allByDefault).stream().map(Repository::name).toList();
    }

    /** As {@link #resolve}, with what the registry said of each repository (one listing call). */
    List<Repository> resolveRepositories(Registry registry, boolean allByDefault) {
        check();
        List<Repository> existing = registry.listRepositories();
        Set<String> known = existing.stream().map(Repository::name).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> chosen;
        if (!names.isEmpty()) {
            for (String name : names) {
                if (!known.contains(name)) {
                    throw new UserError(ExitCode.FAILED, "repository '" + name + "' not found in " + registry.describe());
                }
            }
            chosen = names.stream().distinct().sorted().toList();
        } else if (all || !include.isEmpty() || allByDefault) {
            chosen = new ArrayList<>(known);
        } else {
            throw new UserError(ExitCode.USAGE, "choose repositories with -r NAME, --all or --include GLOB");
        }
        List<Pattern> in = include.stream().map(RepositorySelection::glob).toList();
        List<Pattern> out = exclude.stream().map(RepositorySelection::glob).toList();
        Map<String, Repository> byName = existing.stream().collect(Collectors.toMap(Repository::name, r -> r, (a, b) -> a));
        return chosen.stream()
                .filter(n -> in.isEmpty() || in.stream().anyMatch(p -> p.matcher(n).matches()))
                .filter(n -> out.stream().noneMatch(p -> p.matcher(n).matches()))
                .sorted()
                .map(byName::get)
                .toList();
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
