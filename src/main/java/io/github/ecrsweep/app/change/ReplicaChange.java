package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.registry.Repository;
import java.util.List;

/**
 * A change made in a replication destination (--follow-replication): the same command, planned there from the
 * destination's own images, over the repositories of its selection that the source's replication rule replicates
 * (names starting with one of {@code prefixes}; every one when there is none). Nothing of the source's plan is copied.
 */
public record ReplicaChange(Change source, List<String> prefixes) implements Change {

    public ReplicaChange {
        prefixes = List.copyOf(prefixes);
    }

    @Override
    public Request request() {
        return source.request();
    }

    @Override
    public String verb() {
        return source.verb();
    }

    @Override
    public List<Repository> covers(Planning planning) {
        return source.covers(planning).stream()
                .filter(r -> prefixes.isEmpty()
                        || prefixes.stream().anyMatch(p -> r.name().startsWith(p)))
                .toList();
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        return source.plan(planning, repository);
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        return source.question(planning, planned);
    }

    @Override
    public boolean changesRepositories() {
        return source.changesRepositories();
    }

    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        return source.execute(execution, planned);
    }
}
