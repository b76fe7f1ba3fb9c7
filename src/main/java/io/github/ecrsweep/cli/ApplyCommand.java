package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Shard;
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
            names = "--shard",
            paramLabel = "I/N",
            description = "Only shard I of N of the plan's repositories (the hash --shard uses; I may name the"
                    + " environment variable that holds it), so that N workers apply one reviewed plan with no"
                    + " overlap, each with every guard of apply.")
    String shard;

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
        PlanReader.Plans plans = PlanReader.readAny(plan);
        options.audit.appliedPlanSha256 = plans.sha256();
        Shard part = shard == null ? null : Shard.parse(shard, System::getenv);
        if (plans.fleet() != null) {
            return applyFleet(plans, part);
        }
        PlanReader.Read read = new PlanReader.Read(plans.name(), plans.one(), plans.sha256());
        ApplyChange change = ApplyChange.of(read, expectedSha256, options.guards(), maxAge, inUse.request(false), part);
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

    /**
     * A fleet plan: each target's plan applied in its own account and region, as the plan names them (its role
     * assumed with this run's credentials), in one run with one question; --max-delete-total counts the whole
     * plan, so that every shard's worker refuses alike.
     */
    private int applyFleet(PlanReader.Plans plans, Shard part) {
        if (targets.named()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "a fleet plan names its targets: --region, --role-arn and --external-id do not apply to it"
                            + " (--profile says whose credentials assume its roles)");
        }
        if (expectedSha256 != null && !expectedSha256.equals(plans.sha256())) {
            throw new UserError(
                    ExitCode.USAGE,
                    "refusing the plan '" + plans.name() + "': its SHA-256 is " + plans.sha256() + ", not the reviewed "
                            + expectedSha256 + "; nothing was changed");
        }
        Integer total = options.guards().maxDeleteTotal();
        int removals = plans.fleet().targets().stream()
                .filter(t -> t.report() != null)
                .mapToInt(t ->
                        t.report().summary().delete() + t.report().summary().expire())
                .sum();
        if (total != null && removals > total) {
            throw new UserError(
                    ExitCode.FAILED,
                    "refusing the plan: it deletes or expires " + removals + " images in all its targets, more than"
                            + " --max-delete-total " + total + "; nothing was changed");
        }
        java.util.Map<io.github.ecrsweep.app.Target, io.github.ecrsweep.app.Change> changes =
                new java.util.LinkedHashMap<>();
        io.github.ecrsweep.app.Target.Access access = options.aws.access();
        for (io.github.ecrsweep.report.FleetReport.TargetReport t :
                plans.fleet().targets()) {
            if (t.report() == null) {
                spec.commandLine()
                        .getErr()
                        .println(Text.safe("ecrsweep: " + t.target() + " is not in the plan: it failed when planned ("
                                + t.error() + ")"));
                continue;
            }
            ApplyChange change =
                    ApplyChange.of(plans.of(t), null, options.guards(), maxAge, inUse.request(false), part);
            if (!change.changesAnything()) {
                continue;
            }
            changes.put(
                    new io.github.ecrsweep.app.Target(
                            java.util.List.of(),
                            t.region(),
                            t.profile() != null ? t.profile() : targets.profile(),
                            t.roleArn() == null
                                    ? null
                                    : new io.github.ecrsweep.registry.AssumedRole(
                                            t.roleArn(), null, targets.roleSessionName),
                            access),
                    change);
        }
        if (changes.isEmpty()) {
            spec.commandLine()
                    .getOut()
                    .println("The plan changes nothing" + (part == null ? "" : " in shard " + part) + ": nothing to"
                            + " apply.");
            return ExitCode.OK.code();
        }
        return options.runEach(context, changes);
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
