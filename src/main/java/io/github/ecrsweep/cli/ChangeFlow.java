package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Cancellation;
import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.rules.DecisionAction;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one sequence every changing command follows once its plan is made: show it, apply the guards
 * (dry run, --max-delete, no terminal without --yes, the person's answer), execute, report, and choose
 * the exit code. A refused or declined plan is still printed, in the chosen format, with the refusal.
 */
final class ChangeFlow {

    /** Carries out the changing repositories of a confirmed plan. */
    @FunctionalInterface
    interface Execution {
        List<RepositoryRun> execute(List<RepositoryRun> runs, Cancellation cancellation);
    }

    /**
     * @param command  the command's name, for the report
     * @param what     what the run does, for a refusal: "delete images", "put the lifecycle policy"
     * @param question what the person is asked; it names the counts, the account and the region
     */
    record Request(String command, String what, String question, boolean explain) {
    }

    private final Context context;
    private final SafetyOptions safety;
    private final OutputFormat format;
    private final PrintWriter out;
    private final PrintWriter err;

    ChangeFlow(Context context, SafetyOptions safety, OutputFormat format, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.safety = safety;
        this.format = format;
        this.out = out;
        this.err = err;
    }

    int run(Request request, Registry registry, Instant now, List<RepositoryRun> runs, Execution execution) {
        reportFailures(err, runs);
        warnUnknownChildren(registry, runs);
        int removals = runs.stream().filter(r -> r.plan() != null)
                .mapToInt(r -> r.plan().count(DecisionAction.DELETE) + r.plan().count(DecisionAction.EXPIRE)).sum();
        String overLimit = safety.maxDelete != null && removals > safety.maxDelete
                ? "the plan deletes or expires " + removals + " images, more than --max-delete " + safety.maxDelete : null;
        boolean dryRun = safety.dryRun || registry.isReadOnly();
        if (dryRun) {
            render(request, RunRenderer.Mode.DRY_RUN, now, registry, overLimit, runs);
            if (overLimit != null) {
                Cli.error(err, "a real run would refuse this plan: " + overLimit);
                return ExitCode.FAILED.code();
            }
            return exitCode(runs);
        }
        if (runs.stream().noneMatch(RepositoryRun::changes)) {
            render(request, RunRenderer.Mode.RESULT, now, registry, null, runs);
            return exitCode(runs);
        }
        String refusal = overLimit != null ? overLimit
                : !safety.yes && !context.prompter().isInteractive()
                ? "refusing to " + request.what() + " without --yes: there is no terminal to confirm on" : null;
        if (refusal != null) {
            render(request, RunRenderer.Mode.PLAN, now, registry, refusal, runs);
            Cli.error(err, refusal + "; nothing was changed" + (overLimit == null
                    ? " (review with --dry-run, then run again with --yes)" : ""));
            return ExitCode.FAILED.code();
        }
        if (!safety.yes) {
            if (format == OutputFormat.table) {
                render(request, RunRenderer.Mode.PLAN, now, registry, null, runs);
            }
            if (!context.prompter().confirm(request.question())) {
                if (format != OutputFormat.table) {
                    render(request, RunRenderer.Mode.PLAN, now, registry, "declined at the prompt", runs);
                }
                Cli.error(err, "declined: nothing was changed");
                return ExitCode.FAILED.code();
            }
        }
        try (Interruption interruption = context.interruptible() ? Interruption.install() : Interruption.none()) {
            List<RepositoryRun> done = execution.execute(runs, interruption);
            render(request, RunRenderer.Mode.RESULT, now, registry, null, done);
            reportFailures(err, done);
            reportOutcomes(done);
            if (interruption.requested()) {
                throw new UserError(ExitCode.FAILED, "interrupted by " + interruption.signal() + ": " + progress(done)
                        + "; run the same command again to finish", null, interruption.exitCode());
            }
            return exitCode(done);
        }
    }

    /** What an interrupted run did and did not do: images for deletions, repositories for policies. */
    private static String progress(List<RepositoryRun> done) {
        if (done.stream().anyMatch(r -> r.change() != null)) {
            long put = done.stream().filter(r -> r.status() == RepositoryRun.Status.CREATED || r.status() == RepositoryRun.Status.UPDATED).count();
            long left = done.stream().filter(r -> r.status() == RepositoryRun.Status.INTERRUPTED).count();
            return "put the policy on " + Units.count(put, "repository", "repositories") + ", " + left + " not attempted";
        }
        Map<DeleteOutcome.Status, Long> results = RunRenderer.results(done);
        long planned = done.stream().filter(r -> r.plan() != null).mapToLong(r -> r.plan().actions().size()).sum();
        return "deleted " + results.get(DeleteOutcome.Status.DELETED) + " of " + planned + " planned images, "
                + results.get(DeleteOutcome.Status.NOT_ATTEMPTED) + " not attempted";
    }

    /** Plans need every image of a repository: a filtered export would plan deletion of what it does not show. */
    static void requireComplete(Registry registry) {
        registry.incompleteness().ifPresent(why -> {
            throw new UserError(ExitCode.USAGE, why);
        });
    }

    private void render(Request request, RunRenderer.Mode mode, Instant now, Registry registry, String refusal, List<RepositoryRun> runs) {
        new RunRenderer(request.command(), mode, now, registry.describe(), registry.location(), request.explain(), refusal)
                .print(out, format, runs);
    }

    /** Each repository that failed, as one diagnostic line on stderr (the report on stdout has it too). */
    static void reportFailures(PrintWriter err, List<RepositoryRun> runs) {
        for (RepositoryRun run : runs) {
            if (run.error() != null) {
                Cli.error(err, run.error());
            }
        }
    }

    /**
     * Without the children of some indexes, every image that could be one of them was kept: says how many,
     * and how to get an exact plan.
     */
    private void warnUnknownChildren(Registry registry, List<RepositoryRun> runs) {
        int kept = runs.stream().filter(r -> r.plan() != null).mapToInt(r -> r.plan().keptForUnknownChildren()).sum();
        if (kept == 0) {
            return;
        }
        Cli.warn(err, Units.count(kept, "image was", "images were") + " kept because "
                + (kept == 1 ? "it" : "they") + " may be children of image indexes whose children "
                + (registry.isReadOnly() ? registry.describe() + " does not list; for an exact plan, use an ecrsweep export"
                        + " ('ecrsweep list --all -o json') instead of 'aws ecr describe-images' output"
                        : "could not be read (BatchGetImage); run again, or check the ecr:BatchGetImage permission"));
    }

    /** What a person must not miss after a real run: images skipped because they changed, and tags ECR deleted. */
    private void reportOutcomes(List<RepositoryRun> runs) {
        long changed = 0;
        for (RepositoryRun run : runs) {
            run.unplannedTagDeletions().forEach((digest, tags) -> Cli.error(err, "WARNING: ECR deleted image " + digest + " of '"
                    + run.name() + "' together with its tag" + (tags.size() == 1 ? " " : "s ") + String.join(", ", tags)
                    + ": it was tagged after the last check; push it again under that tag if it is needed"));
            for (DeleteOutcome o : run.outcomes().values()) {
                if (o.status() == DeleteOutcome.Status.SKIPPED && DeleteOutcome.TAGGED_SINCE_PLAN.equals(o.code())) {
                    changed++;
                }
            }
        }
        if (changed > 0) {
            Cli.warn(err, "skipped " + Units.count(changed, "image that was", "images that were") + " tagged since the plan;"
                    + " nothing that changed since the plan was deleted; run again to plan afresh");
        }
    }

    /**
     * One exit status for every changing command: 0 when everything planned holds; 1 when something
     * failed and nothing was changed; 3 when something was changed and something failed. Images already
     * gone and images kept by an index count as done; images skipped because they changed do not.
     */
    static int exitCode(List<RepositoryRun> runs) {
        boolean failed = false;
        boolean applied = false;
        for (RepositoryRun run : runs) {
            failed |= run.isFailed() || !run.unplannedTagDeletions().isEmpty();
            applied |= run.status() == RepositoryRun.Status.CREATED || run.status() == RepositoryRun.Status.UPDATED;
            for (DeleteOutcome o : run.outcomes().values()) {
                applied |= o.status() == DeleteOutcome.Status.DELETED;
                failed |= o.status() == DeleteOutcome.Status.FAILED || o.status() == DeleteOutcome.Status.NOT_ATTEMPTED
                        || o.status() == DeleteOutcome.Status.SKIPPED && !DeleteOutcome.GONE_SINCE_PLAN.equals(o.code());
            }
        }
        if (!failed) {
            return ExitCode.OK.code();
        }
        return (applied ? ExitCode.PARTIAL : ExitCode.FAILED).code();
    }
}
