package io.github.ecrsweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrsweep.app.ExitCode;
import io.github.ecrsweep.app.Fleet;
import io.github.ecrsweep.app.RepositoryPlanner;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.app.UserError;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.snapshot.RegistryExport;
import io.github.ecrsweep.registry.snapshot.RegistryExport.RepositoryData;
import io.github.ecrsweep.report.Csv;
import io.github.ecrsweep.report.Format;
import io.github.ecrsweep.report.Markdown;
import io.github.ecrsweep.report.ReportWriter;
import io.github.ecrsweep.report.Table;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.Units;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.ImageGraph;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
            "  ecrsweep list --images --all -o json > registry.json && ecrsweep delete-untagged --all --snapshot registry.json"
        })
final class ListCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = ReportWriter.JSON;
    /** What "reclaimable" assumes: delete-untagged with its defaults. */
    private static final UntaggedSelection RECLAIM =
            new UntaggedSelection(Durations.parse(DeleteUntaggedCommand.DEFAULT_GRACE), 0);

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    RepositorySelection selection;

    @Mixin
    OutputOptions output;

    @Option(names = "--images", description = "One row per image instead of one per repository.")
    boolean images;

    @Option(names = "--untagged", description = "With --images: only untagged images.")
    boolean untagged;

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "With --images: only images pushed (or restored) longer ago than this: 14d, 36h, 90m, 2w.")
    Duration olderThan;

    @Mixin
    ParallelOptions parallel;

    private final Context context;

    ListCommand(Context context) {
        this.context = context;
    }

    /** One repository read whole, and for the summary what delete-untagged would reclaim. */
    private record Listing(Repository repository, List<Image> images, String policy, long reclaimable) {}

    @Override
    public Integer call() {
        if (!images && (untagged || olderThan != null)) {
            throw new UserError(ExitCode.USAGE, "--untagged and --older-than choose images: add --images");
        }
        Selection chosen = selection.selection(true);
        Fleet fleet = parallel.fleet(context);
        PrintWriter out = spec.commandLine().getOut();
        return aws.withRegistry(context, spec.commandLine().getErr(), (registry, now) -> {
            boolean withPolicy = !images || output.format() == Format.json || output.report != null;
            List<Listing> listings = fleet.map(
                    "Listing",
                    chosen.resolve(registry, Cli.diagnostics(spec.commandLine().getErr())),
                    r -> listing(registry, r, now, withPolicy));
            output.print(out, (format, w) -> {
                if (images) {
                    printImages(format, w, listings, now, registry);
                } else {
                    printRepositories(format, w, listings, registry);
                }
            });
            return ExitCode.OK.code();
        });
    }

    /**
     * Per image, the kind of each image (and an export's childDigests) needs the indexes' children; the
     * summary reads manifests only where its reclaimable figure depends on them, as a plan does.
     */
    private Listing listing(Registry registry, Repository repository, Instant now, boolean withPolicy) {
        String policy =
                withPolicy ? registry.getLifecyclePolicy(repository.name()).orElse(null) : null;
        if (images) {
            return new Listing(
                    repository,
                    RepositoryPlanner.withIndexChildren(
                            registry, repository.name(), registry.listImages(repository.name())),
                    policy,
                    0);
        }
        RepositoryPlanner.Planned planned =
                RepositoryPlanner.plan(registry, repository.name(), all -> RECLAIM.plan(all, now));
        return new Listing(repository, planned.images(), policy, planned.plan().removedBytes());
    }

    private boolean shown(Image image, Instant now) {
        return (!untagged || !image.isTagged()) && (olderThan == null || image.pushedBefore(now.minus(olderThan)));
    }

    /** The filters of this listing, as the options were given; null when every image is shown. */
    private String filters() {
        List<String> f = new ArrayList<>();
        if (untagged) {
            f.add("--untagged");
        }
        if (olderThan != null) {
            f.add("--older-than " + Durations.format(olderThan));
        }
        return f.isEmpty() ? null : String.join(" ", f);
    }

    private void printImages(Format format, PrintWriter out, List<Listing> listings, Instant now, Registry registry) {
        if (format == Format.json) {
            List<RepositoryData> data = listings.stream()
                    .map(l -> new RepositoryData(
                            l.repository(),
                            l.policy(),
                            l.images().stream().filter(i -> shown(i, now)).toList()))
                    .toList();
            Location at = registry.location();
            out.println(
                    RegistryExport.write(data, now, new RegistryExport.Origin(at.account(), at.region(), filters())));
            return;
        }
        if (format == Format.csv) {
            out.println(
                    "repositoryName,imageDigest,imageTags,imagePushedAt,lastRecordedPullTime,imageSizeInBytes,kind,imageStatus");
        }
        Table table = new Table("REPOSITORY", "IMAGE", "TAGS", "PUSHED", "LAST PULLED", "SIZE", "KIND", "STATUS");
        for (Listing l : listings) {
            ImageGraph graph = ImageGraph.of(l.images());
            for (Image i : graph.images()) {
                if (!shown(i, now)) {
                    continue;
                }
                String kind = graph.kindOf(i).code();
                if (format == Format.csv) {
                    out.println(Csv.row(
                            l.repository().name(),
                            i.digest().toString(),
                            String.join(";", i.tags()),
                            i.pushedAt().toString(),
                            i.lastRecordedPullTime() == null
                                    ? ""
                                    : i.lastRecordedPullTime().toString(),
                            String.valueOf(i.sizeInBytes()),
                            kind,
                            i.status().name()));
                } else {
                    table.row(
                            l.repository().name(),
                            i.digest().shortForm(),
                            i.tags().isEmpty() ? "-" : String.join(",", i.tags()),
                            Units.time(i.pushedAt()),
                            Units.time(i.lastRecordedPullTime()),
                            Units.bytes(i.sizeInBytes()),
                            kind,
                            i.status().name().toLowerCase(Locale.ROOT));
                }
            }
        }
        print(
                format,
                out,
                table,
                Units.count(table.size(), "image") + " in " + Units.count(listings.size(), "repository", "repositories")
                        + " of " + registry.describe() + ".");
    }

    private void printRepositories(Format format, PrintWriter out, List<Listing> listings, Registry registry) {
        if (format == Format.json) {
            ObjectNode root = JSON.createObjectNode();
            root.put("schemaVersion", 1);
            root.put("account", registry.location().account());
            root.put("region", registry.location().region());
            ArrayNode repos = root.putArray("repositories");
            for (Listing l : listings) {
                ObjectNode r = repos.addObject();
                r.put("repositoryName", l.repository().name());
                r.put("images", l.images().size());
                r.put("untagged", untaggedCount(l));
                r.put("bytes", bytes(l.images()));
                r.put("reclaimableBytes", l.reclaimable());
                r.put("lifecyclePolicy", l.policy() != null);
            }
            try {
                out.println(JSON.writeValueAsString(root));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        if (format == Format.csv) {
            out.println("repositoryName,images,untagged,bytes,reclaimableBytes,lifecyclePolicy");
            for (Listing l : listings) {
                out.println(Csv.row(
                        l.repository().name(),
                        String.valueOf(l.images().size()),
                        String.valueOf(untaggedCount(l)),
                        String.valueOf(bytes(l.images())),
                        String.valueOf(l.reclaimable()),
                        String.valueOf(l.policy() != null)));
            }
            return;
        }
        Table table = new Table("REPOSITORY", "IMAGES", "UNTAGGED", "SIZE", "RECLAIMABLE", "POLICY");
        long total = 0;
        long reclaimable = 0;
        for (Listing l : listings) {
            long b = bytes(l.images());
            total += b;
            reclaimable += l.reclaimable();
            table.row(
                    l.repository().name(),
                    String.valueOf(l.images().size()),
                    String.valueOf(untaggedCount(l)),
                    Units.bytes(b),
                    Units.bytes(l.reclaimable()),
                    l.policy() != null ? "yes" : "no");
        }
        print(
                format,
                out,
                table,
                Units.count(listings.size(), "repository", "repositories") + " of " + registry.describe() + ", "
                        + Units.bytes(total) + " (" + Units.usd(Units.monthlyUsd(total))
                        + "/month); delete-untagged would reclaim "
                        + Units.bytes(reclaimable) + " (" + Units.usd(Units.monthlyUsd(reclaimable)) + "/month).");
    }

    private static long untaggedCount(Listing l) {
        return l.images().stream().filter(i -> !i.isTagged()).count();
    }

    /** A table for people: aligned text on a terminal, or Markdown for a CI summary. */
    private void print(Format format, PrintWriter out, Table table, String summary) {
        if (format == Format.markdown) {
            table.printMarkdown(out);
            out.println();
            out.println(Markdown.text(summary));
        } else if (format == Format.table) {
            table.print(out, output.width(context), "TAGS");
            out.println(Text.safe(summary));
        }
    }

    private static long bytes(List<Image> images) {
        return images.stream().mapToLong(Image::storedBytes).sum();
    }
}
