package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.app.change.DeleteRepositoryChange;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep delete-repository}: removes repositories nobody uses, empty ones unless forced. */
@Command(
        name = "delete-repository",
        description = "Delete the named repositories when they are empty (DeleteRepository without force, so ECR"
                + " itself refuses one an image reached since). With --force, a repository's images are planned for"
                + " deletion first with every guard of one (index children after their index, signatures after"
                + " their subject, --max-delete, in-use sources, the re-check before each call), and a repository"
                + " keeping any image (in use, in the archive minimum, being restored) is refused whole. Find"
                + " candidates with 'list --stale'.",
        footer = {
            "%nExamples:",
            "  ecrsweep list --stale 180d",
            "  ecrsweep delete-repository -r old/app -r old/worker --dry-run",
            "  ecrsweep delete-repository -r old/app --force --in-use ecs \\",
            "      --max-delete 200 --yes"
        })
final class DeleteRepositoryCommand implements Callable<Integer> {

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    RepositorySelection selection;

    @Mixin
    InUseOptions inUse;

    @Option(
            names = "--force",
            description = "Also delete a repository that holds images: its images first, as a planned deletion with"
                    + " every guard; the repository only once every one of them is gone.")
    boolean force;

    private final Context context;

    DeleteRepositoryCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Selection chosen = selection.selection(false);
        if (chosen.names().isEmpty()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "delete-repository deletes only repositories named with -r NAME (find candidates with"
                            + " 'ecrsweep list --stale 180d')");
        }
        Change change = DeleteRepositoryChange.of(chosen, force, options.guards(), inUse.request(false));
        return options.run(context, change, targets.choice(options.aws.access()), null);
    }
}
