package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Selection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which repositories a command acts on: named ones, or all of them, narrowed by globs. */
public final class RepositorySelection {

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

    /** The selection as the application layer takes it; checked before any call. */
    Selection selection(boolean allByDefault) {
        return new Selection(names, all, include, exclude, allByDefault);
    }
}
