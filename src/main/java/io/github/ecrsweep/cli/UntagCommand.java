package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.change.UntagChange;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.UntagSelection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep untag}: removes the tags that pile up on images, and leaves the images. */
@Command(
        name = "untag",
        description = "Remove the selected tags from the images of the selected repositories, leaving the images:"
                + " ECR removes a tag named in BatchDeleteImage and keeps the image while another tag holds it. An image"
                + " whose every tag is selected would be deleted with its last tag, so it is left and reported, unless"
                + " --delete-if-last makes it a deletion with every guard of one (its index children and signatures"
                + " go with it, a wave later). Tags under the repository's tag immutability are refused in the plan,"
                + " never attempted. An image in use keeps its tags. Shows the plan first; asks before changing; reads"
                + " each batch again right before the call and skips an image that lost a tag since.",
        footer = {
            "%nExamples:",
            "  # pull-request tags older than 30 days, the newest 5 kept (a plan, no AWS)",
            "  ecrsweep untag --all --tag 'pr-*' --older-than 30d --keep 5 \\",
            "      --snapshot examples/registry.json",
            "  # build tags: the newest 2 of each v<major>.<minor> line keep theirs",
            "  ecrsweep untag -r web --tag-regex '^v(\\d+\\.\\d+)\\.\\d+-build\\d+$' \\",
            "      --group-by 1 --keep 2 --dry-run",
            "  ecrsweep untag -r web --tag 'tmp-*' --delete-if-last --max-delete 20 --yes"
        })
final class UntagCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    RepositorySelection selection;

    @Mixin
    InUseOptions inUse;

    @Mixin
    PlanOutOption out;

    @Option(
            names = "--tag",
            paramLabel = "GLOB",
            description = "Remove tags matching this glob (* any run of characters, ? one character); repeatable.")
    List<String> globs = new ArrayList<>();

    @Option(
            names = "--tag-regex",
            paramLabel = "RE",
            description = "Remove tags in which this regular expression finds a match (anchor it with ^ and $ for whole"
                    + " tags); repeatable.")
    List<String> regexes = new ArrayList<>();

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Only images pushed (or restored) longer ago than this lose tags: 30d, 36h, 2w.")
    Duration olderThan;

    @Option(
            names = "--keep",
            paramLabel = "N",
            converter = NonNegative.class,
            description = "The N most recently pushed images carrying a selected tag keep them (per --group-by group).")
    Integer keep;

    @Option(
            names = "--group-by",
            paramLabel = "GROUP",
            description = "Count --keep per value of this capture group (a number or a name) of --tag-regex, as a rule"
                    + " file's groupBy does.")
    String groupBy;

    @Option(
            names = "--delete-if-last",
            description = "Delete an image whose every tag is selected (removing its last tag deletes it anyway), with"
                    + " every guard of a deletion; without it such an image is left and reported.")
    boolean deleteIfLast;

    @Option(names = "--explain", description = "Also list the images kept, with the reason.")
    boolean explain;

    private final Context context;

    UntagCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<Pattern> compiled = new ArrayList<>();
        for (String regex : regexes) {
            try {
                compiled.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new UserError(
                        ExitCode.USAGE,
                        "--tag-regex '" + regex + "' is not a regular expression: " + e.getDescription());
            }
        }
        UntagSelection rule;
        try {
            rule = new UntagSelection(
                    globs,
                    compiled,
                    olderThan == null || olderThan.isZero() ? null : olderThan,
                    keep,
                    groupBy,
                    deleteIfLast);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, usage(e.getMessage()));
        }
        Change change =
                UntagChange.of(selection.selection(false), rule, options.guards(), explain, inUse.request(false));
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }

    /** The rule's refusal in the command's words. */
    private static String usage(String problem) {
        if (problem.startsWith("name the tags")) {
            return "untag needs the tags to remove: --tag GLOB or --tag-regex RE";
        }
        if (problem.startsWith("groupBy")) {
            return "--group-by needs --tag-regex and --keep";
        }
        return problem;
    }
}
