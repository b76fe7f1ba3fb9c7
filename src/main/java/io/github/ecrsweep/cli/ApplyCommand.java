package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ChangeRequest;
import io.github.ecrsweep.app.Fleet;
import io.github.ecrsweep.registry.plan.PlanFile;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecrsweep apply PLAN}: executes a reviewed plan exactly as reviewed, or less. */
@Command(
        name = "apply",
        description =
                "Execute a plan written with --dry-run --out (delete-untagged, expire) exactly as it was reviewed:"
                        + " refused for another account or region, for a plan made from snapshot files, or for one older than"
                        + " --max-age; an image whose tags or presence changed since the plan is skipped with the reason, and"
                        + " nothing the plan does not show is touched. Asks before changing anything, like the command that"
                        + " planned.",
        footer = {
            "%nExamples:",
            "  ecrsweep delete-untagged --all --older-than 14d --dry-run --out plan.json   # in the pull request",
            "  ecrsweep apply plan.json --yes                                              # after the review"
        })
final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    SafetyOptions safety;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "PLAN", description = "The plan, as --out wrote it.")
    Path plan;

    @Option(
            names = "--max-age",
            paramLabel = "DURATION",
            converter = Durations.class,
            defaultValue = "24h",
            description = "Refuse a plan older than this (default: ${DEFAULT-VALUE}): the registry has moved on since.")
    Duration maxAge;

    private final Context context;

    ApplyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (aws.usesSnapshots()) {
            throw new UserError(
                    ExitCode.USAGE, "apply acts on the registry the plan was made for; --snapshot has none");
        }
        PlanFile reviewed = PlanFile.read(plan);
        if (reviewed.repositories().stream().noneMatch(PlanFile.RepositoryPlan::changes)) {
            spec.commandLine().getOut().println("The plan changes nothing: nothing to apply.");
            return ExitCode.OK.code();
        }
        ChangeRequest request = new ChangeRequest.ApplyPlan(reviewed, safety.guards(), maxAge);
        return ChangeFlow.run(request, Fleet.sequential(), context, aws, output, spec, false, null);
    }
}
