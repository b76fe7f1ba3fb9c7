package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.change.DeleteUntaggedChange;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep delete-untagged}: deletes untagged images without breaking multi-arch images or signatures. */
@Command(
        name = "delete-untagged",
        description =
                "Delete the untagged images of the selected repositories, computed on each repository's image graph:"
                        + " the platform images and attestations of a tagged multi-arch image are never touched, an untagged index"
                        + " goes with the children only it lists (after it, in a second wave), and OCI referrers go with their"
                        + " subject. Tagged images, cosign tag signatures included, stay. Shows the plan first; asks before"
                        + " deleting; reads each batch again right before deleting it and skips what changed.",
        footer = {
            "%nExamples:",
            "  # a plan, no AWS needed",
            "  ecrsweep delete-untagged --all --snapshot examples/registry.json",
            "  ecrsweep delete-untagged -r web --older-than 14d --keep 5 --dry-run",
            "  ecrsweep delete-untagged --all --exclude 'prod/*' --older-than 30d \\",
            "      --max-delete 500 --yes"
        })
final class DeleteUntaggedCommand implements Callable<Integer> {

    /** Untagged images younger than this stay unless asked otherwise: a multi-arch push uploads its platform images before the index. */
    static final String DEFAULT_GRACE = "24h";

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
            names = "--older-than",
            paramLabel = "DURATION",
            converter = Durations.class,
            defaultValue = DEFAULT_GRACE,
            description = "Only delete untagged images pushed (or restored) longer ago than this: 14d, 36h, 90m, 2w"
                    + " (default: ${DEFAULT-VALUE}, because a multi-arch push uploads its platform images untagged before"
                    + " the index that tags them; 0 for no minimum).")
    Duration olderThan;

    @Option(
            names = "--keep",
            paramLabel = "N",
            defaultValue = "0",
            converter = NonNegative.class,
            description =
                    "Keep the N most recently pushed untagged images of each repository, whatever their age (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--explain", description = "Also list the images kept, with the reason.")
    boolean explain;

    @Option(
            names = "--orphaned-signatures",
            description =
                    "Also delete signatures, attestations and SBOMs tagged in cosign's"
                            + " scheme (sha256-<hex>.sig, .att, .sbom) whose subject is in none of the registry's repositories. They are"
                            + " tagged images, so without this option they stay. Reads every repository of the registry to be sure.")
    boolean orphanedSignatures;

    private final Context context;

    DeleteUntaggedCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Change change = DeleteUntaggedChange.of(
                selection.selection(false),
                new UntaggedSelection(olderThan.isZero() ? null : olderThan, keep, orphanedSignatures),
                options.guards(),
                explain,
                inUse.request(false));
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }
}
