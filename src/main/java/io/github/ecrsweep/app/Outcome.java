package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.report.CommandName;
import java.time.Instant;
import java.util.List;

/** How a changing run ended, with every repository's part: what the report shows and the exit status follows from. */
public sealed interface Outcome
        permits Outcome.DryRun, Outcome.Pending, Outcome.Refused, Outcome.Done, Outcome.Interrupted {

    /**
     * What every report of a run names.
     *
     * @param source where the data came from: an account and region, or snapshot files
     * @param inUse  what the in-use sources found; {@link InUse#none()} when none was asked for
     */
    /**
     * What a run was: its command, its time, its registry, the shard of the selection it took (or null), and
     * its --max-delete (or null).
     */
    record Run(
            CommandName command,
            Instant evaluatedAt,
            String source,
            Location location,
            boolean explain,
            InUse inUse,
            Shard shard,
            Integer maxDelete) {}

    Run run();

    List<RepositoryResult> repositories();

    /** A plan that changed nothing by request; {@code wouldRefuse} says why a real run would refuse it, or is null. */
    record DryRun(Run run, List<RepositoryResult> repositories, String wouldRefuse) implements Outcome {}

    /** A plan about to be confirmed: what the person is shown before the question. */
    record Pending(Run run, List<RepositoryResult> repositories) implements Outcome {}

    /** A plan that changed nothing because a guard refused it or the person declined it. */
    record Refused(Run run, List<RepositoryResult> repositories, String reason, boolean declined) implements Outcome {}

    /** A real run that went to its end (possibly with nothing to do, or with failures). */
    record Done(Run run, List<RepositoryResult> repositories) implements Outcome {}

    /** A real run stopped by a signal after the call in flight. */
    record Interrupted(Run run, List<RepositoryResult> repositories, Cancellation cancellation) implements Outcome {}
}
