package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.change.PutTemplateChange;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.TemplatesReport;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecrsweep apply-templates FILE}: the creation templates of a document, each diffed, previewed and put. */
@Command(
        name = "apply-templates",
        description = "Put the repository creation templates a document describes (the JSON of 'get-templates'):"
                + " each is validated, compared with the registry's (its lifecycle policy rule by rule), previewed"
                + " on the repositories under its prefix now, and created or updated; templates the document does"
                + " not name are left. With --check, a dry run that fails (exit 1) on drift.",
        footer = {
            "%nExamples:",
            "  # the templates as they are, edited and reviewed in a pull request:",
            "  ecrsweep get-templates -o json > templates.json",
            "  ecrsweep apply-templates templates.json --dry-run",
            "  ecrsweep apply-templates templates.json --check"
        })
final class ApplyTemplatesCommand implements Callable<Integer> {

    private static final long MAX_BYTES = 8L << 20;

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Parameters(index = "0", paramLabel = "FILE", description = "The templates: the JSON of 'get-templates -o json'.")
    Path file;

    @Option(names = "--check", description = "A dry run that exits 1 when a template differs from the document.")
    boolean check;

    private final Context context;

    ApplyTemplatesCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<PutTemplateChange.Wanted> wanted = read(file);
        Guards guards = check ? options.guards().asCheck() : options.guards();
        return options.run(
                context,
                PutTemplateChange.of(CommandName.APPLY_TEMPLATES, wanted, guards),
                targets.choice(options.aws.access()),
                null);
    }

    /** The document's templates, every one checked; the first problem refuses the file, with its place. */
    static List<PutTemplateChange.Wanted> read(Path file) {
        List<TemplatesReport.Template> list = TemplatesReport.read(file);
        List<PutTemplateChange.Wanted> wanted = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            TemplatesReport.Template t = list.get(i);
            String at = file + ": templates[" + i + "]";
            if (t.appliedFor().isEmpty()) {
                throw new UserError(
                        ExitCode.USAGE,
                        at + ".appliedFor: one or more of CREATE_ON_PUSH, PULL_THROUGH_CACHE, REPLICATION");
            }
            PutTemplateChange.Wanted given = PutTemplateCommand.checked(
                    new PutTemplateChange.Wanted(
                            t.prefix(),
                            null,
                            null,
                            t.appliedFor(),
                            t.imageTagMutability(),
                            t.resourceTags(),
                            t.description(),
                            t.encryptionType(),
                            t.kmsKey()),
                    field -> at + "." + field);
            if (!prefixes.add(given.prefix())) {
                throw new UserError(
                        ExitCode.USAGE, at + ".prefix: '" + Text.safe(given.prefix()) + "' is listed twice");
            }
            if (t.lifecyclePolicyText() == null) {
                throw new UserError(ExitCode.USAGE, at + ".lifecyclePolicyText: missing");
            }
            var validation = PolicyJson.check(t.lifecyclePolicyText());
            if (validation.policy().isEmpty()) {
                throw new UserError(
                        ExitCode.USAGE,
                        at + ".lifecyclePolicyText: " + Text.safe(Problem.oneLine(validation.problems())));
            }
            wanted.add(new PutTemplateChange.Wanted(
                    given.prefix(),
                    t.lifecyclePolicyText(),
                    validation.policy().get(),
                    given.appliedFor(),
                    given.imageTagMutability(),
                    given.resourceTags(),
                    given.description(),
                    given.encryptionType(),
                    given.kmsKey()));
        }
        return wanted;
    }
}
