package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How a changing run ended, with every repository's part: what the report shows and the exit status follows
 * from.
 *
 * @param refusal      why the plan was refused (or, for a dry run, why a real run would refuse it); else null
 * @param cancellation what stopped an interrupted run; {@link Cancellation#NEVER} otherwise
 */
public record Outcome(
        Ending ending, Run run, List<RepositoryResult> repositories, String refusal, Cancellation cancellation) {

    /** The ways a run ends; a pending plan is one about to be confirmed. */
    public enum Ending {
        /** A plan that changed nothing by request (--dry-run, a snapshot, --check). */
        DRY_RUN,
        /** A plan about to be confirmed: what the person is shown before the question. */
        PENDING,
        /** A plan a guard refused: nothing was changed. */
        REFUSED,
        /** A plan the person declined: nothing was changed. */
        DECLINED,
        /** A real run that went to its end (possibly with nothing to do, or with failures). */
        DONE,
        /** A real run stopped by a signal after the call in flight. */
        INTERRUPTED;

        /** Whether the report shows a plan or a result. */
        public Stage stage() {
            return switch (this) {
                case DRY_RUN, PENDING, REFUSED, DECLINED -> Stage.PLAN;
                case DONE, INTERRUPTED -> Stage.RESULT;
            };
        }
    }

    /**
     * What a run was: its command, its time, its registry, what it read as in use, the shard of the selection
     * it took (or null), and its --max-delete (or null).
     *
     * @param source where the data came from: an account and region, or snapshot files
     * @param inUse  what the in-use sources found; {@link InUse#none()} when none was asked for
     * @param options what the plan was computed from besides the registry, recorded in it for {@code apply}
     */
    public record Run(
            CommandName command,
            Instant evaluatedAt,
            String source,
            String endpoint,
            Location location,
            boolean explain,
            InUse inUse,
            Shard shard,
            Integer maxDelete,
            PlanOptions options) {}

    public Outcome {
        Objects.requireNonNull(ending, "ending");
        repositories = List.copyOf(repositories);
        Objects.requireNonNull(cancellation, "cancellation");
    }

    static Outcome of(Ending ending, Run run, List<RepositoryResult> repositories, String refusal) {
        return new Outcome(ending, run, repositories, refusal, Cancellation.NEVER);
    }

    /** Whether nothing was changed by request. */
    public boolean isDryRun() {
        return ending == Ending.DRY_RUN;
    }

    public Stage stage() {
        return ending.stage();
    }

    /** The same plan, its repositories now these. */
    Outcome with(Ending newEnding, List<RepositoryResult> newRepositories, Cancellation newCancellation) {
        return new Outcome(newEnding, run, newRepositories, refusal, newCancellation);
    }
}
