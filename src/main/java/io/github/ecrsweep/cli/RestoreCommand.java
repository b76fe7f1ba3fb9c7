package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.change.RestoreChange;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.RestoreSelection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep restore}: archived images back to the standard storage class. */
@Command(
        name = "restore",
        description = "Bring archived images of the selected repositories back to the standard storage class"
                + " (UpdateImageStorageClass, one image per call), by tag glob, digest or push age: an index comes back"
                + " with its archived children, an image with its archived signatures and attestations. Shows the plan"
                + " with the bytes retrieved and the fee; asks first; reads each batch again right before and skips an"
                + " image no longer archived. ECR documents that a restore takes up to 20 minutes.",
        footer = {
            "%nExamples:",
            "  ecrsweep restore -r web --tag 'v1.4.*' --dry-run",
            "  ecrsweep restore -r web --digest sha256:3f1c... --yes",
            "  ecrsweep restore --all --newer-than 30d --max-restore 50 --yes"
        })
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    RepositorySelection selection;

    @Mixin
    PlanOutOption out;

    @Option(
            names = "--tag",
            paramLabel = "GLOB",
            description = "Restore archived images with a tag matching this glob (* and ?); repeatable.")
    List<String> globs = new ArrayList<>();

    @Option(names = "--digest", paramLabel = "DIGEST", description = "Restore this archived image; repeatable.")
    List<String> digests = new ArrayList<>();

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Only images pushed longer ago than this: 90d, 2w.")
    Duration olderThan;

    @Option(
            names = "--newer-than",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Only images pushed within this: 30d.")
    Duration newerThan;

    @Option(
            names = "--max-restore",
            paramLabel = "N",
            converter = NonNegative.class,
            description = "Refuse a plan that restores more than N images (each restore is billed per GB retrieved).")
    Integer maxRestore;

    @Option(names = "--explain", description = "Also list the images kept, with the reason.")
    boolean explain;

    private final Context context;

    RestoreCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<Digest> parsed = new ArrayList<>();
        for (String d : digests) {
            try {
                parsed.add(Digest.of(d));
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, "--digest '" + d + "' is not a digest (sha256:<64 hex digits>)");
            }
        }
        RestoreSelection rule;
        try {
            rule = new RestoreSelection(globs, parsed, olderThan, newerThan);
        } catch (IllegalArgumentException e) {
            throw new UserError(
                    ExitCode.USAGE,
                    "restore needs the images to restore: --tag GLOB, --digest DIGEST, --older-than or --newer-than");
        }
        Change change = RestoreChange.of(
                selection.selection(false), rule, options.guards().withMaxRestore(maxRestore), explain);
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }
}
