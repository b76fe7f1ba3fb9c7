package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.Plan;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one repository, reading index manifests only when the plan needs them. A first plan is made
 * with the indexes' children unknown, which keeps every image that could be one of them; only when that
 * plan kept an image for that reason, or deletes an index whose children it cannot name, are the
 * manifests read (from the cache first) and the plan made again. Reading a manifest can count as a pull,
 * so a nightly run does not make every multi-arch image look recently pulled.
 */
public final class RepositoryPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryPlanner.class);

    private RepositoryPlanner() {}

    /** The images of the repository and its plan, as exact as the registry allows. */
    public record Planned(List<Image> images, Plan plan) {}

    public static Planned plan(Registry registry, String repository, Function<List<Image>, Plan> planner) {
        return plan(registry, repository, registry.listImages(repository), planner, Plan::dependsOnUnknownChildren);
    }

    /**
     * The same, from the repository's images as already listed; {@code needsChildren} says when a first plan
     * must be made again with the children of the indexes (a plan that executes expirations also needs them
     * for every index it expires).
     */
    public static Planned plan(
            Registry registry,
            String repository,
            List<Image> images,
            Function<List<Image>, Plan> planner,
            Predicate<Plan> needsChildren) {
        Plan plan = planner.apply(images);
        if (!needsChildren.test(plan)) {
            return new Planned(images, plan);
        }
        List<Image> complete = withIndexChildren(registry, repository, images);
        return complete == images ? new Planned(images, plan) : new Planned(complete, planner.apply(complete));
    }

    /**
     * The images with the children of their indexes, as far as the manifests can be read; the same list
     * when there was nothing to read or nothing could be read.
     */
    public static List<Image> withIndexChildren(Registry registry, String repository, List<Image> images) {
        List<Digest> opaque = images.stream()
                .filter(Image::childrenUnknown)
                .map(Image::digest)
                .toList();
        if (opaque.isEmpty()) {
            return images;
        }
        Map<Digest, List<Digest>> children = registry.readIndexChildren(repository, opaque);
        LOG.info("{}: read the children of {} of {} indexes", repository, children.size(), opaque.size());
        if (children.size() < opaque.size() && !registry.isReadOnly()) {
            LOG.warn(
                    "{}: the manifests of {} of {} indexes could not be read; the images that may be their children are kept",
                    repository,
                    opaque.size() - children.size(),
                    opaque.size());
        }
        if (children.isEmpty()) {
            return images;
        }
        return images.stream()
                .map(i -> children.containsKey(i.digest())
                        ? i.toBuilder().childDigests(children.get(i.digest())).build()
                        : i)
                .toList();
    }
}
