package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Diagnostics;
import io.github.ecrsweep.app.Fleet;
import io.github.ecrsweep.app.Listings;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.report.Format;
import io.github.ecrsweep.report.ListReport;
import io.github.ecrsweep.report.ListReport.Listing;
import io.github.ecrsweep.report.StaleReport;
import io.github.ecrsweep.rules.ImageFilter;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecrsweep list}: what the registry holds, one row per repository or, with --images, per image. */
@Command(
        name = "list",
        description = "List the selected repositories (all by default): images, untagged images, size, what"
                + " delete-untagged would reclaim now (with its defaults), and whether a lifecycle policy is set. With"
                + " --images, one row per image (digest, tags, pushed, last pulled, size, kind, status); its JSON is a"
                + " registry export that --snapshot reads back.",
        footer = {
            "%nExamples:",
            "  ecrsweep list",
            "  ecrsweep list --images -r web --untagged --older-than 30d",
            "  ecrsweep list --stale 180d",
            "  # an export, then a plan computed from it",
            "  ecrsweep list --images --all -o json > registry.json",
            "  ecrsweep delete-untagged --all --snapshot registry.json"
        })
final class ListCommand implements Callable<Integer> {

    /** What "reclaimable" assumes: delete-untagged with its defaults. */
    private static final UntaggedSelection RECLAIM =
            new UntaggedSelection(Durations.parse(DeleteUntaggedCommand.DEFAULT_GRACE), 0);

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    FleetOptions targets;

    @Mixin
    RepositorySelection selection;

    @Mixin
    OutputOptions output;

    /** One row per image, and which images: the filters go with --images alone. */
    static final class Images {
        @Option(names = "--images", required = true, description = "One row per image instead of one per repository.")
        boolean images;

        @Option(names = "--untagged", description = "With --images: only untagged images.")
        boolean untagged;

        @Option(
                names = "--older-than",
                paramLabel = "DURATION",
                converter = Durations.class,
                description =
                        "With --images: only images pushed (or restored) longer ago than this: 14d, 36h, 90m, 2w.")
        Duration olderThan;
    }

    @ArgGroup(exclusive = false, multiplicity = "0..1")
    Images images;

    @Option(
            names = "--stale",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Only repositories with no push and no recorded pull for this long (90d, 26w), idlest first,"
                    + " with their size and monthly cost; an empty one counts from its creation.")
    Duration stale;

    @Mixin
    ParallelOptions parallel;

    private final Context context;

    ListCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Selection chosen = selection.selection(true);
        Fleet fleet = parallel.fleet(context);
        PrintWriter out = spec.commandLine().getOut();
        Diagnostics diagnostics = Cli.diagnostics(spec.commandLine().getErr());
        PrintWriter err = spec.commandLine().getErr();
        return aws.printEach(context, out, err, output, targets.choice(aws.access()), (registry, now) -> {
            // The account is known once the repositories are listed: where and source are asked after.
            if (images != null) {
                // The policy text goes into the export only: the table and CSV do not show it.
                boolean withPolicy = output.format() == Format.json || output.report != null;
                List<Listing> listings = Listings.images(registry, chosen, diagnostics, fleet, withPolicy);
                ImageFilter filter = new ImageFilter(images.untagged, images.olderThan);
                String filters = filters();
                Location where = registry.location();
                String source = registry.describe();
                return new AwsOptions.Found(
                        (format, w) -> ListReport.writeImages(
                                listings, filter, filters, now, where, source, format, w, width(format)),
                        where);
            }
            if (stale != null) {
                // Push and pull times and sizes only: no policy, no manifest read for what is reclaimable.
                StaleReport idle = StaleReport.of(
                        registry.location(), Listings.listed(registry, chosen, diagnostics, fleet), now, stale);
                String source = registry.describe();
                return new AwsOptions.Found(
                        (format, w) -> idle.write(source, format, w, width(format)), registry.location());
            }
            List<Listing> rows = Listings.summaries(registry, chosen, diagnostics, fleet, RECLAIM, now);
            Location where = registry.location();
            String source = registry.describe();
            ListReport.Summary summary = ListReport.summary(where, rows);
            return new AwsOptions.Found(
                    (format, w) -> ListReport.write(summary, source, format, w, width(format)), where);
        });
    }

    /** A table fits the terminal; the terminal's width is asked only for a table. */
    private int width(Format format) {
        return format == Format.table ? output.width(context) : 0;
    }

    /** The filters of this listing, as the options were given; null when every image is shown. */
    private String filters() {
        List<String> f = new ArrayList<>();
        if (images.untagged) {
            f.add("--untagged");
        }
        if (images.olderThan != null) {
            f.add("--older-than " + Durations.format(images.olderThan));
        }
        return f.isEmpty() ? null : String.join(" ", f);
    }
}
