package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.Format;
import io.github.ecrsweep.report.TemplatesReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecrsweep get-templates}: the registry's creation templates and pull-through cache rules. */
@Command(
        name = "get-templates",
        description = "List the registry's repository creation templates (prefix, what they apply for, tag"
                + " mutability, lifecycle policy) with the repositories that exist under each prefix now, and its"
                + " pull-through cache rules with the repositories they created. Its JSON keeps each template's"
                + " policy text.",
        footer = {"%nExamples:", "  ecrsweep get-templates", "  ecrsweep get-templates -o json > templates.json"})
final class GetTemplatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    FleetOptions targets;

    @Mixin
    OutputOptions output;

    private final Context context;

    GetTemplatesCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return aws.printEach(context, out, err, output, targets.choice(aws.access()), (registry, now) -> {
            TemplatesReport report = TemplatesReport.of(
                    registry.location(),
                    registry.creationTemplates(),
                    registry.pullThroughRules(),
                    registry.listRepositories());
            String source = registry.describe();
            return new AwsOptions.Found(
                    (format, w) -> report.write(source, format, w, format == Format.table ? output.width(context) : 0),
                    registry.location());
        });
    }
}
