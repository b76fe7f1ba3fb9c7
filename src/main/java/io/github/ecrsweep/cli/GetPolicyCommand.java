package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Diagnostics;
import io.github.ecrsweep.app.Listings;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.app.TargetChoice;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Format;
import io.github.ecrsweep.report.PoliciesReport;
import io.github.ecrsweep.report.UserError;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecrsweep get-policy}: the lifecycle policies of the selected repositories, to read or to keep. */
@Command(
        name = "get-policy",
        description = "Print the lifecycle policies of the selected repositories (all by default): a table of their"
                + " rules in words, or with -o json one document with every repository's policy (null for none), to"
                + " keep in version control or to compare. With --text and one repository, the policy alone, as JSON"
                + " that put-policy --policy reads. Changes nothing.",
        footer = {
            "%nExamples:",
            "  # every repository's rules, in words",
            "  ecrsweep get-policy",
            "  ecrsweep get-policy --include 'team-a/*' -o json > policies.json",
            "  ecrsweep get-policy -r web --text > web-policy.json"
        })
final class GetPolicyCommand implements Callable<Integer> {

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

    @Option(
            names = "--text",
            description = "With exactly one repository (-r NAME): print its policy alone, as JSON; exit 1 when it has"
                    + " none.")
    boolean text;

    @Mixin
    ParallelOptions parallel;

    private final Context context;

    GetPolicyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Selection chosen = selection.selection(true);
        if (text
                && (chosen.names().size() != 1
                        || chosen.all()
                        || !chosen.include().isEmpty())) {
            throw new UserError(ExitCode.USAGE, "--text prints one repository's policy: name it with -r NAME");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Diagnostics diagnostics = Cli.diagnostics(err);
        TargetChoice choice = targets.choice(aws.access());
        if (text) {
            return aws.withRegistry(context, err, choice, (registry, now) -> {
                PoliciesReport report = PoliciesReport.of(
                        Listings.policies(registry, chosen, diagnostics, parallel.fleet(context)),
                        registry.location(),
                        context.clock().instant());
                if (report.repositories().isEmpty()) {
                    return ExitCode.FAILED.code(); // the selection already said the repository is not there
                }
                PoliciesReport.RepositoryPolicy only = report.repositories().get(0);
                if (only.lifecyclePolicy() == null) {
                    throw new UserError(
                            ExitCode.FAILED,
                            "repository '" + only.repositoryName() + "' in " + registry.describe()
                                    + " has no lifecycle policy");
                }
                out.println(PoliciesReport.text(only.lifecyclePolicy()));
                out.flush();
                return ExitCode.OK.code();
            });
        }
        return aws.printEach(context, out, err, output, choice, (registry, now) -> {
            PoliciesReport report = PoliciesReport.of(
                    Listings.policies(registry, chosen, diagnostics, parallel.fleet(context)),
                    registry.location(),
                    context.clock().instant());
            return new AwsOptions.Found(
                    (format, w) -> report.write(format, w, format == Format.table ? output.width(context) : 0),
                    registry.location());
        });
    }
}
