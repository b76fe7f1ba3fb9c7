package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.change.SweepChange;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.json.RuleFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep sweep}: an ecrsweep rule file's decisions, planned and done. */
@Command(
        name = "sweep",
        description = "Plan and apply an ecrsweep rule file (JSON or YAML; see docs/RULES.md): per repository block, an"
                + " ordered list of rules with what ECR's lifecycle cannot express (tag regular expressions and"
                + " exclusions, the newest N per release line, ages by push or by last pull for tagged images too,"
                + " never lists, in-use sources). Each image is decided by the first rule that matches it; indexes go"
                + " before the children they free, each batch is read again first, and what is in use or on a never list"
                + " stays with its graph. Shows the plan first; asks before changing anything.",
        footer = {
            "%nExamples:",
            "  ecrsweep validate examples/rules/release-lines.yaml",
            "  ecrsweep sweep --rules examples/rules/release-lines.yaml \\",
            "      --snapshot examples/registry.json",
            "  ecrsweep sweep --rules rules.yaml --dry-run --out plan.json \\",
            "      -o markdown > plan.md",
            "  ecrsweep sweep --rules rules.yaml --include 'team-a/*' --in-use ecs \\",
            "      --max-delete 200 --yes"
        })
final class SweepCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    RepositorySelection selection;

    @Mixin
    InUseOptions inUse;

    @Mixin
    PlanOutOption out;

    @Option(
            names = "--rules",
            paramLabel = "FILE",
            required = true,
            description = "The rule file (kind: ecrsweep-rules, JSON or YAML); - reads standard input, env:NAME the"
                    + " environment variable NAME (an ECS secret from SSM Parameter Store). Check it with 'ecrsweep"
                    + " validate FILE'.")
    String file;

    @Option(names = "--explain", description = "Also list the images kept, with the reason and the rule.")
    boolean explain;

    private final Context context;

    SweepCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String label = PolicySources.label(file);
        String text = context.policies().read(file, "rule file");
        RuleFile.Check check = RuleFile.check(text);
        if (!check.isValid()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "invalid rule file '" + Text.safe(label) + "': " + Text.safe(Problem.oneLine(check.problems())));
        }
        RuleFile rules = check.file().orElseThrow();
        declare(
                rules.inUse(),
                PolicySources.isFile(file) ? Path.of(file).toAbsolutePath().getParent() : Path.of(""));
        Change change = SweepChange.of(
                selection.selection(true),
                label,
                text,
                rules.rules(),
                options.guards(),
                explain,
                inUse.request("-".equals(file)));
        return options.run(context, change, targets.choice(options.aws.access()), out.file);
    }

    /**
     * Adds the in-use sources the file declares to those of the command line; a file's paths are relative to
     * the file, and an age given on the command line wins over the file's.
     */
    private void declare(RuleFile.InUse declared, Path base) {
        InUseOptions.ServiceConverter services = new InUseOptions.ServiceConverter();
        declared.services().forEach(s -> inUse.services.add(services.convert(s)));
        inUse.kubernetes.addAll(relativeTo(base, declared.kubernetes()));
        inUse.pinFiles.addAll(relativeTo(base, declared.pinFiles()));
        inUse.inUseFiles.addAll(relativeTo(base, declared.inUseFiles()));
        inUse.optional.addAll(declared.optional());
        if (inUse.inspectorWithin == null) {
            inUse.inspectorWithin = declared.inspectorWithin();
        }
        if (inUse.keepRevisions == null) {
            inUse.keepRevisions = declared.keepTaskDefinitions();
        }
        if (inUse.keepPulledWithin == null) {
            inUse.keepPulledWithin = declared.keepPulledWithin();
        }
    }

    private static List<String> relativeTo(Path base, List<String> paths) {
        return paths.stream().map(p -> base.resolve(p).normalize().toString()).toList();
    }
}
