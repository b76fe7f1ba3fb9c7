package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.CommandName;
import java.util.List;

/**
 * One changing command's own part: which repositories it covers, how it plans one repository, the question
 * it asks, and how it executes one planned repository. {@link ChangeRunner} does the rest alike for every
 * change (the snapshot check, the in-use sources, the worker pool, the guards, the confirmation, the
 * cancellation, the outcome). There is no default: a change that cannot execute does not compile.
 */
public interface Change {

    /** What the command asked for: its name, selection, guards, in-use sources and plan options. */
    Request request();

    /** What it does, as the refusal says it: {@code delete images}, {@code put the lifecycle policy}. */
    String verb();

    /**
     * The repositories it acts on: its selection, resolved in the planning registry, or part of it (the blocks
     * of a rule file cover some; a reviewed plan, those it changes).
     */
    default List<Repository> covers(Planning planning) {
        return planning.select(request().selection());
    }

    /** One repository's plan; a failure of that repository alone is its result, one of the registry stops the run. */
    RepositoryResult plan(Planning planning, Repository repository);

    /** The question before anything changes: what, in how many repositories, of which account and region. */
    String question(Planning planning, List<RepositoryResult> planned);

    /**
     * Whether what it plans are repositories (their images, their policies): a registry-wide setting such as a
     * creation template is not, so a repository's tags and replication say nothing about it.
     */
    default boolean changesRepositories() {
        return true;
    }

    /** Executes one planned repository that changes something, exactly as planned or less. */
    RepositoryResult execute(Execution execution, RepositoryResult planned);

    /**
     * What a changing command asked for.
     *
     * @param explain whether kept images are listed too, with their reasons
     * @param options what the plan is computed from, recorded in it
     */
    record Request(
            CommandName command,
            Selection selection,
            Guards guards,
            InUseRequest inUse,
            boolean explain,
            PlanOptions options) {

        public Request(CommandName command, Selection selection, Guards guards, InUseRequest inUse, boolean explain) {
            this(command, selection, guards, inUse, explain, PlanOptions.of(selection));
        }

        /** The same request, its plan options these. */
        public Request with(PlanOptions newOptions) {
            return new Request(command, selection, guards, inUse, explain, newOptions);
        }
    }

    /** Where and how a planned repository is executed: its registry, and the run's one cancellation. */
    record Execution(io.github.ecrsweep.registry.Registry registry, Cancellation cancellation) {}
}
