package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.ChangeRequest;
import io.github.ecrsweep.app.ChangeService;
import io.github.ecrsweep.app.Confirmation;
import io.github.ecrsweep.app.Diagnostics;
import io.github.ecrsweep.app.ExitStatus;
import io.github.ecrsweep.app.Fleet;
import io.github.ecrsweep.app.Outcome;
import io.github.ecrsweep.app.UserError;
import io.github.ecrsweep.registry.Registry;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * The terminal side of a changing command: the application layer's {@link ChangeService} with this
 * process's ports (the person at the terminal, stderr, SIGINT and SIGTERM), then the report of the
 * outcome on stdout and its exit status.
 */
final class ChangeFlow {

    private final Context context;
    private final OutputFormat format;
    private final PrintWriter out;
    private final PrintWriter err;

    ChangeFlow(Context context, OutputFormat format, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.format = format;
        this.out = out;
        this.err = err;
    }

    int run(ChangeRequest request, Fleet fleet, Registry registry, Instant now) {
        Diagnostics diagnostics = Cli.diagnostics(err);
        Confirmation confirmation = new Confirmation() {
            @Override
            public boolean personPresent() {
                return context.prompter().isInteractive();
            }

            @Override
            public boolean confirm(Outcome.Pending plan, String question) {
                // A person reads the table before answering; a document for machines is written once, at the end.
                if (format == OutputFormat.table) {
                    RunRenderer.of(plan).print(out, format);
                }
                return context.prompter().confirm(question);
            }
        };
        try (Interruption interruption = context.interruptible() ? Interruption.install() : Interruption.none()) {
            Outcome outcome = new ChangeService(fleet, confirmation, diagnostics).run(request, registry, now, interruption);
            boolean shownAlready = outcome instanceof Outcome.Refused r && r.declined() && format == OutputFormat.table;
            if (!shownAlready) {
                RunRenderer.of(outcome).print(out, format);
            }
            if (outcome instanceof Outcome.Interrupted i) {
                throw new UserError(ExitStatus.of(outcome), "interrupted by " + i.cancellation().cause() + ": " + RunRenderer.progress(i)
                        + "; run the same command again to finish");
            }
            return ExitStatus.of(outcome).code();
        }
    }
}
