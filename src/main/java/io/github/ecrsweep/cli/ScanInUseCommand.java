package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.InUse;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.Reporting;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.InUseReport;
import io.github.ecrsweep.report.UserError;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecrsweep scan-in-use}: what the in-use sources report, to read or to hand to another run. */
@Command(
        name = "scan-in-use",
        description = "Read the in-use sources and print every image they report, with who reports it. With -o json the"
                + " result is a file that --in-use-file reads back: scan the workloads of one account and protect their"
                + " images in a central registry account, or keep the scan beside a plan to reproduce it offline."
                + " Changes nothing.",
        footer = {
            "%nExamples:",
            "  ecrsweep scan-in-use --in-use ecs,lambda --region eu-west-1 \\",
            "      -o json > in-use.json",
            "  kubectl get pods -A -o json \\",
            "      | ecrsweep scan-in-use --in-use-k8s - -o json > in-use.json",
            "  ecrsweep delete-untagged --all --in-use-file in-use.json --dry-run"
        })
final class ScanInUseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    FleetOptions targets;

    @Mixin
    OutputOptions output;

    @Mixin
    InUseOptions inUse;

    private final Context context;

    ScanInUseCommand(Context context) {
        this.context = context;
    }

    /**
     * {@code --why} without a registry to read: the sources whose references name the digest. A reference by tag
     * pins whatever the tag holds when a plan is made, so only a plan can say whether it holds this image.
     */
    private static void whyNamed(InUse found, io.github.ecrsweep.rules.Digest why, PrintWriter err) {
        var naming = found.references().stream()
                .filter(r -> why.equals(r.image().digest()))
                .toList();
        if (naming.isEmpty()) {
            err.println("why " + why.shortForm() + ": no source names it by digest; a reference by tag may still hold"
                    + " it when a plan is made (run the plan with --why)");
        }
        naming.forEach(r -> err.println(io.github.ecrsweep.report.Text.safe(
                "why " + why.shortForm() + ": " + r.source() + " names " + r.image())));
        err.flush();
    }

    @Override
    public Integer call() {
        if (targets.usesSnapshots()) {
            throw new UserError(
                    ExitCode.USAGE, "--snapshot has no workloads to scan; scan-in-use reads the in-use sources");
        }
        if (inUse.keepPulledWithin != null) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--keep-pulled-within is a rule of a plan, not a source to scan; give it to the command that plans");
        }
        InUseRequest request = inUse.request(false);
        if (request.sources().isEmpty()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "name at least one in-use source: --in-use ecs|lambda|inspector, --in-use-k8s FILE, --pin-file FILE"
                            + " or --in-use-file FILE");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant scannedAt = context.clock().instant();
        // Several targets (regions, roles, accounts) make one scan: each service read in each, files once.
        InUse found = InUse.scanEach(
                request,
                targets.choice(aws.access()).resolve(context.organization(), Cli.diagnostics(err)),
                context.inUseSources(),
                context.ticker(),
                Cli.diagnostics(err));
        aws.reportInUse(found.scans(), err);
        if (request.why() != null) {
            whyNamed(found, request.why(), err);
        }
        InUseReport report = Reporting.inUse(found, scannedAt);
        output.print(out, (f, w) -> report.write(f, w, w == out ? output.width(context) : 0));
        return ExitCode.OK.code();
    }
}
