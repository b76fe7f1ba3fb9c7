package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.RepositoryTags;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.app.Shard;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which repositories a command acts on: named ones, or all of them, narrowed by globs. */
public final class RepositorySelection {

    /** Named repositories or all of them: one or the other, never both. */
    static final class Which {
        @Option(
                names = {"-r", "--repository"},
                paramLabel = "NAME",
                required = true,
                split = ",",
                description = "A repository (repeatable, or comma-separated).")
        List<String> names = new ArrayList<>();

        @Option(names = "--all", required = true, description = "Every repository of the registry.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which;

    @Option(
            names = "--include",
            paramLabel = "GLOB",
            description = "Only repositories whose name matches (repeatable; * and ? wildcards, e.g. 'team-a/*').")
    List<String> include = new ArrayList<>();

    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description = "Skip repositories whose name matches (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(
            names = "--shard",
            paramLabel = "I/N",
            description = "Only shard I of N (I from 0 to N-1, or the name of an environment variable that holds it:"
                    + " JOB_COMPLETION_INDEX/4, AWS_BATCH_JOB_ARRAY_INDEX/4): the selected repositories whose stable hash"
                    + " of account, region and name falls in it, so that N workers split a fleet with no overlap;"
                    + " 'ecrsweep report merge' combines their reports.")
    String shard;

    @Option(
            names = "--repository-tag",
            paramLabel = "KEY=VALUE",
            description = "Only repositories carrying this resource tag (repeatable: all of them), e.g. team=payments."
                    + " Read with one ListTagsForResource per repository left by the other choices.")
    List<String> repositoryTags = new ArrayList<>();

    @Option(
            names = "--exclude-repository-tag",
            paramLabel = "KEY=VALUE",
            description = "Skip repositories carrying this resource tag (repeatable).")
    List<String> excludeRepositoryTags = new ArrayList<>();

    /** The selection as the application layer takes it; checked before any call. */
    Selection selection(boolean allByDefault) {
        return new Selection(
                which == null ? List.of() : which.names,
                which != null && which.all,
                include,
                exclude,
                allByDefault,
                shard == null ? null : Shard.parse(shard, System::getenv),
                RepositoryTags.of(repositoryTags, excludeRepositoryTags));
    }
}
