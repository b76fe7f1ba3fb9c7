package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.ListReport.Listing;
import io.github.ecrsweep.report.PoliciesReport.PolicyListing;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code list} reads: each selected repository whole and its lifecycle policy, and for the summary
 * what delete-untagged would reclaim. Manifests of indexes are read as a plan reads them: for the
 * summary only where the reclaimable figure depends on them, for an image listing wherever an index's
 * children are unknown, since every row shows its image's kind.
 */
public final class Listings {

    private Listings() {}

    /** Per repository, its images as a plan needs them and what {@code reclaim} would free at {@code now}. */
    public static List<Listing> summaries(
            Registry registry,
            Selection selection,
            Diagnostics diagnostics,
            Fleet fleet,
            UntaggedSelection reclaim,
            Instant now) {
        record Read(RepositoryPlanner.Planned planned, String policy) {}
        return new Reading(registry, selection, diagnostics, fleet)
                .each(
                        "Listing",
                        name -> new Read(
                                RepositoryPlanner.plan(registry, name, all -> reclaim.plan(all, now)),
                                policy(registry, name)),
                        (r, read) -> new Listing(
                                r,
                                read.planned().images(),
                                read.policy(),
                                read.planned().plan().removedBytes()));
    }

    /** Per repository, its images as listed (one DescribeImages listing each): no manifest, no policy read. */
    public static List<Listing> listed(Registry registry, Selection selection, Diagnostics diagnostics, Fleet fleet) {
        return new Reading(registry, selection, diagnostics, fleet)
                .each("Listing", registry::listImages, (r, images) -> new Listing(r, images, null, 0));
    }

    /** Per repository, every image with the children of its indexes, as far as their manifests can be read. */
    public static List<Listing> images(
            Registry registry, Selection selection, Diagnostics diagnostics, Fleet fleet, boolean withPolicy) {
        record Read(List<Image> images, String policy) {}
        return new Reading(registry, selection, diagnostics, fleet)
                .each(
                        "Listing",
                        name -> new Read(
                                RepositoryPlanner.withIndexChildren(registry, name, registry.listImages(name)),
                                withPolicy ? policy(registry, name) : null),
                        (r, read) -> new Listing(r, read.images(), read.policy(), 0));
    }

    /** Per selected repository, its lifecycle policy (GetLifecyclePolicy), a bounded number at a time. */
    public static List<PolicyListing> policies(
            Registry registry, Selection selection, Diagnostics diagnostics, Fleet fleet) {
        return new Reading(registry, selection, diagnostics, fleet)
                .each("Reading policies", name -> policy(registry, name), PolicyListing::new);
    }

    /** Where and how a listing reads: the registry, the repositories chosen, where warnings go, the workers. */
    private record Reading(Registry registry, Selection selection, Diagnostics diagnostics, Fleet fleet) {

        /**
         * {@code read} for each selected repository, on the fleet's workers, and {@code result} of each repository
         * with what was read of it. Repositories chosen by name alone are read while they are looked up, one round
         * trip sooner: what was read of a name the lookup does not find is dropped, and the lookup's error (a name
         * not found, with what was meant) is the one told, as when the reading waits for it.
         */
        <T, R> List<R> each(String task, Function<String, T> read, BiFunction<Repository, T, R> result) {
            if (!selection.byNameOnly()) {
                return fleet.map(
                        task, selection.resolve(registry, diagnostics), r -> result.apply(r, read.apply(r.name())));
            }
            FutureTask<List<Repository>> lookup = new FutureTask<>(() -> selection.resolve(registry, diagnostics));
            Thread looking = new Thread(lookup, "ecrsweep-lookup");
            looking.setDaemon(true);
            looking.start();
            List<String> names = selection.names().stream().distinct().toList();
            List<Outcome<T>> reads = fleet.map(task, names, name -> Outcome.of(() -> read.apply(name)));
            List<Repository> found = Fleet.get(lookup);
            Map<String, Outcome<T>> byName = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), reads.get(i));
            }
            List<R> results = new ArrayList<>();
            for (Repository r : found) {
                results.add(result.apply(r, byName.get(r.name()).value()));
            }
            return results;
        }
    }

    /** What was read of one repository, or how the reading failed. */
    private record Outcome<T>(T read, RuntimeException failure) {

        static <T> Outcome<T> of(Supplier<T> reading) {
            try {
                return new Outcome<>(reading.get(), null);
            } catch (RuntimeException e) {
                return new Outcome<>(null, e);
            }
        }

        T value() {
            if (failure != null) {
                throw failure;
            }
            return read;
        }
    }

    private static String policy(Registry registry, String name) {
        return registry.getLifecyclePolicy(name).orElse(null);
    }
}
