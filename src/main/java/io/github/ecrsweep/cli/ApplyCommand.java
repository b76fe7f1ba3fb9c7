package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.change.ApplyChange;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.PlanReader;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ecrsweep apply PLAN}: executes a reviewed plan exactly as reviewed, or less. */
@Command(
        name = "apply",
        description =
                "Execute a plan written with --dry-run --out (by delete-untagged, expire, sweep, put-policy, apply-all"
                        + " or delete-policy) as it was reviewed, or less, never more. The plan is checked whole first and"
                        + " refused, changing nothing, when a decision does not fit the command that planned it, a repository"
                        + " lies outside its selection, its bytes are not those of --expect-sha256, or it is for another"
                        + " account or region, older than --max-age or made from snapshot files. Acts in the plan's region"
                        + " unless --region names it, and names the endpoint its calls went to. A policy plan only puts or"
                        + " deletes the policies it shows, and takes no in-use source. An image plan reads its in-use sources again (and those given"
                        + " here) and is planned again by its command: an image gone, tagged, in use or no longer planned"
                        + " since is skipped with the reason, and each batch is read again right before it goes. Asks before"
                        + " changing anything, like the command that planned.",
        footer = {
            "%nExamples:",
            "  # in the pull request: the plan, for review",
            "  ecrsweep delete-untagged --all --older-than 14d --dry-run --out plan.json",
            "  # after the review: exactly that plan, or less",
            "  ecrsweep apply plan.json --expect-sha256 HEX --yes",
            "  # also keep what runs in the cluster now",
            "  ecrsweep apply plan.json --in-use-k8s pods.json --yes"
        })
final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ChangeOptions options;

    @Mixin
    TargetOptions targets;

    @Mixin
    InUseOptions inUse;

    @Parameters(paramLabel = "PLAN", description = "The plan, as --out wrote it.")
    Path plan;

    @Option(
            names = "--max-age",
            paramLabel = "DURATION",
            converter = Durations.class,
            defaultValue = "24h",
            description = "Refuse a plan older than this (default: ${DEFAULT-VALUE}): the registry has moved on since.")
    Duration maxAge;

    @Option(
            names = "--expect-sha256",
            paramLabel = "HEX",
            converter = Sha256.class,
            description = "Refuse the plan unless its bytes have this SHA-256: the one the dry run that wrote it"
                    + " printed, so that what runs is what was reviewed.")
    String expectedSha256;

    private final Context context;

    ApplyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (targets.usesSnapshots()) {
            throw new UserError(
                    ExitCode.USAGE, "apply acts on the registry the plan was made for; --snapshot has none");
        }
        PlanReader.Read read = PlanReader.read(plan);
        ApplyChange change = ApplyChange.of(read, expectedSha256, options.guards(), maxAge, inUse.request(false));
        if (!change.changesAnything()) {
            spec.commandLine().getOut().println("The plan changes nothing: nothing to apply.");
            return ExitCode.OK.code();
        }
        // The plan's region unless --region says otherwise (and any other is refused): not AWS_REGION's or the
        // profile's, which a plan made elsewhere need not share.
        return options.run(
                context,
                change,
                targets.choice(options.aws.access(), read.plan().region()),
                null);
    }

    /** 64 hexadecimal digits. */
    static final class Sha256 implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[0-9a-fA-F]{64}")) {
                throw new TypeConversionException(
                        "'" + Text.safe(value) + "' is not a SHA-256 (64 hexadecimal digits)");
            }
            return value.toLowerCase(java.util.Locale.ROOT);
        }
    }
}
