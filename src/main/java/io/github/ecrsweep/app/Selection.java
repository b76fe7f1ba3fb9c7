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
 * @param tags         the resource tags a repository must carry, and must not ({@code --repository-tag})
 */
public record Selection(
        List<String> names,
        boolean all,
        List<String> include,
        List<String> exclude,
        boolean allByDefault,
        Shard shard,
        RepositoryTags tags) {

    private static final Logger LOG = LoggerFactory.getLogger(Selection.class);

    // ECR's RepositoryName pattern since 2026-02-25, 2..256 characters.
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

    /** Rejects malformed names and contradictory choices before any call. */
    public Selection {
        tags = tags == null ? RepositoryTags.NONE : tags;
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
        this(names, all, include, exclude, allByDefault, null, RepositoryTags.NONE);
    }

    public Selection(
            List<String> names,
            boolean all,
            List<String> include,
            List<String> exclude,
            boolean allByDefault,
            Shard shard) {
        this(names, all, include, exclude, allByDefault, shard, RepositoryTags.NONE);
    }

    /** One repository by name. */
    public static Selection of(String name) {
        return new Selection(List.of(name), false, List.of(), List.of(), false);
    }

    // arn:aws:ecr:us-east-1:123456789012:repository/web/app, as the console and CloudFormation show it.
    private static final Pattern REPOSITORY_ARN =
            Pattern.compile("arn:aws[a-z-]*:ecr:[a-z0-9-]*:[0-9]{12}:repository/(.+)");

    /** Rejects a name ECR would reject, before any call; a pasted image URI or ARN is answered with its name. */
    public static void checkName(String name) {
        if (name.length() < 2 || name.length() > 256 || !NAME.matcher(name).matches()) {
            String contained = repositoryIn(name);
            if (contained != null) {
                throw new UserError(
                        ExitCode.USAGE,
                        "'" + name + "' is " + (name.startsWith("arn:") ? "a repository ARN" : "an image URI")
                                + ", not a repository name: the repository is '" + contained + "' (-r " + contained
                                + ")");
            }
            throw new UserError(
                    ExitCode.USAGE,
                    "'" + name + "' is not a valid repository name (lower-case letters,"
                            + " digits, and . _ - / between them; 2 to 256 characters)");
        }
    }

    /** The repository an image URI or a repository ARN names, when the text is one and the name is valid. */
    private static String repositoryIn(String text) {
        java.util.regex.Matcher arn = REPOSITORY_ARN.matcher(text.trim());
        String name = arn.matches()
                ? arn.group(1)
                : io.github.ecrsweep.registry.inuse.ImageReference.parse(text)
                        .filter(r -> r.registry() != null)
                        .map(io.github.ecrsweep.registry.inuse.ImageReference::repository)
                        .orElse(null);
        return name != null && NAME.matcher(name).matches() ? name : null;
    }

    /** Whether the selection is the repositories named and nothing more: no glob, shard or tag narrows it. */
    public boolean byNameOnly() {
        return !names.isEmpty() && include.isEmpty() && exclude.isEmpty() && shard == null && tags.isEmpty();
    }

    /**
     * The selected repositories, sorted: the named ones (each must exist), or all of them, then filtered
     * by the globs. A selection that leaves nothing is worth a warning: a mistyped pattern or the wrong
     * region.
     */
    public List<Repository> resolve(Registry registry, Diagnostics diagnostics) {
        return resolve(registry, diagnostics, false);
    }

    /**
     * As {@link #resolve(Registry, Diagnostics)}; with {@code missingWarns} (a dry run over several targets,
     * where a repository is often in some accounts only), a named repository this registry lacks is a warning
     * and the others are planned.
     */
    public List<Repository> resolve(Registry registry, Diagnostics diagnostics, boolean missingWarns) {
        List<Repository> candidates;
        boolean told = false;
        if (!names.isEmpty()) {
            candidates = registry.findRepositories(names);
            Set<String> found = candidates.stream().map(Repository::name).collect(Collectors.toSet());
            List<String> missing = names.stream()
                    .distinct()
                    .filter(n -> !found.contains(n))
                    .sorted()
                    .toList();
            if (!missing.isEmpty()) {
                String said = (missing.size() == 1
                                ? "repository '" + missing.get(0) + "'"
                                : "repositories '" + String.join("', '", missing) + "'")
                        + " not found in " + registry.describe() + didYouMean(registry, missing);
                if (!missingWarns) {
                    throw new UserError(ExitCode.FAILED, said);
                }
                diagnostics.warn(said + "; the dry run plans the others");
                told = true;
            }
        } else {
            candidates = registry.listRepositories();
        }
        List<Repository> chosen = candidates.stream()
                .filter(r -> include.isEmpty() || include.stream().anyMatch(g -> matches(g, r.name())))
                .filter(r -> exclude.stream().noneMatch(g -> matches(g, r.name())))
                .toList();
        List<String> existing = candidates.stream().map(Repository::name).toList();
        if (!existing.isEmpty()) {
            // A pattern that matches nothing is a mistyped one, or one for another registry: said, with what it
            // may have meant, even when other patterns still choose something.
            for (String g : include) {
                told |= warnIfNone(diagnostics, registry, "--include", g, existing);
            }
            for (String g : exclude) {
                warnIfNone(diagnostics, registry, "--exclude", g, existing);
            }
        }
        if (chosen.isEmpty() && !told) {
            diagnostics.warn(emptyWarning(registry, candidates.size()));
        }
        if (shard != null) {
            // The account is known once repositories were listed; the hash is taken before any per-repository call.
            List<Repository> mine = chosen.stream()
                    .filter(r -> shard.holds(registry.location(), r.name()))
                    .toList();
            LOG.info("shard {}: {} of {} selected repositories", shard, mine.size(), chosen.size());
            chosen = mine;
        }
        return tags.isEmpty() ? chosen : tagged(registry, diagnostics, chosen);
    }

    /** The repositories whose resource tags fit: read last, one call per repository left (ECR has no batch read). */
    private List<Repository> tagged(Registry registry, Diagnostics diagnostics, List<Repository> chosen) {
        List<Repository> fit = new ArrayList<>();
        for (Repository r : chosen) {
            java.util.Map<String, String> found = registry.repositoryTags(r.name())
                    .orElseThrow(() -> new UserError(
                            ExitCode.USAGE,
                            registry.describe() + " records no repository tags: --repository-tag and"
                                    + " --exclude-repository-tag need the registry itself"));
            if (tags.admits(found)) {
                fit.add(r);
            }
        }
        if (fit.isEmpty() && !chosen.isEmpty()) {
            diagnostics.warn("none of the " + chosen.size()
                    + (chosen.size() == 1 ? " repository" : " repositories") + " of " + registry.describe()
                    + " chosen by name carries the tags asked for ("
                    + String.join(", ", tags.withTexts())
                    + (tags.without().isEmpty() ? "" : "; not " + String.join(", ", tags.withoutTexts())) + ")");
        }
        return fit;
    }

    /** Warns when {@code glob} matches none of the repositories; says whether it did. */
    private static boolean warnIfNone(
            Diagnostics diagnostics, Registry registry, String option, String glob, List<String> existing) {
        if (existing.stream().anyMatch(n -> matches(glob, n))) {
            return false;
        }
        List<String> meant = io.github.ecrsweep.rules.Names.meantBy(glob, existing, 3);
        diagnostics.warn(option + " '" + glob + "' matches none of the " + existing.size()
                + (existing.size() == 1 ? " repository" : " repositories") + " of " + registry.describe()
                + " (patterns are case-sensitive; repository names are lower case)"
                + (meant.isEmpty() ? "" : "; the nearest: " + String.join(", ", meant)));
        return true;
    }

    /** {@code ; did you mean 'web'?}, from the registry's names; nothing when it cannot tell. */
    private static String didYouMean(Registry registry, List<String> missing) {
        try {
            List<String> names =
                    registry.listRepositories().stream().map(Repository::name).toList();
            List<String> near = missing.stream()
                    .flatMap(m -> io.github.ecrsweep.rules.Names.closest(m, names, 2).stream())
                    .distinct()
                    .toList();
            return near.isEmpty() ? "" : "; did you mean '" + String.join("', '", near) + "'?";
        } catch (io.github.ecrsweep.registry.RegistryException e) {
            return ""; // a role scoped to some repositories may not list the others
        }
    }

    private String emptyWarning(Registry registry, int existing) {
        String where = registry.describe();
        if (existing == 0) {
            return where + " has no repositories; check --region and --profile";
        }
        List<String> patterns = new ArrayList<>();
        include.forEach(g -> patterns.add("--include '" + g + "'"));
        exclude.forEach(g -> patterns.add("--exclude '" + g + "'"));
        return String.join(" ", patterns) + " leave none of the " + existing
                + (existing == 1 ? " repository" : " repositories") + " of " + where;
    }

    /** Whether a {@code *} / {@code ?} glob matches the whole name; see {@link Glob}. */
    public static boolean matches(String glob, String name) {
        return Glob.matches(glob, name);
    }
}
