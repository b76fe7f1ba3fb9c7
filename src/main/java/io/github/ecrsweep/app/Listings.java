package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.ListReport.Listing;
import io.github.ecrsweep.report.PoliciesReport.PolicyListing;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.time.Instant;
import java.util.List;

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
        return fleet.map("Listing", selection.resolve(registry, diagnostics), r -> {
            RepositoryPlanner.Planned planned =
                    RepositoryPlanner.plan(registry, r.name(), all -> reclaim.plan(all, now));
            return new Listing(
                    r, planned.images(), policy(registry, r), planned.plan().removedBytes());
        });
    }

    /** Per repository, its images as listed (one DescribeImages listing each): no manifest, no policy read. */
    public static List<Listing> listed(Registry registry, Selection selection, Diagnostics diagnostics, Fleet fleet) {
        return fleet.map(
                "Listing",
                selection.resolve(registry, diagnostics),
                r -> new Listing(r, registry.listImages(r.name()), null, 0));
    }

    /** Per repository, every image with the children of its indexes, as far as their manifests can be read. */
    public static List<Listing> images(
            Registry registry, Selection selection, Diagnostics diagnostics, Fleet fleet, boolean withPolicy) {
        return fleet.map("Listing", selection.resolve(registry, diagnostics), r -> {
            List<Image> images = RepositoryPlanner.withIndexChildren(registry, r.name(), registry.listImages(r.name()));
            return new Listing(r, images, withPolicy ? policy(registry, r) : null, 0);
        });
    }

    /** Per selected repository, its lifecycle policy (GetLifecyclePolicy), a bounded number at a time. */
    public static List<PolicyListing> policies(
            Registry registry, Selection selection, Diagnostics diagnostics, Fleet fleet) {
        return fleet.map(
                "Reading policies",
                selection.resolve(registry, diagnostics),
                r -> new PolicyListing(r, policy(registry, r)));
    }

    private static String policy(Registry registry, Repository repository) {
        return registry.getLifecyclePolicy(repository.name()).orElse(null);
    }
}
