package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.Pins;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a change plans with in one target: the registry, the time the plan is for, what is in use, the
 * worker pool and the diagnostics. Made once per target by {@link ChangeRunner}; the changes ask it for
 * their repositories, their images and their pins.
 */
public final class Planning {

    private static final Logger LOG = LoggerFactory.getLogger(Planning.class);

    private final Registry registry;
    private final Instant now;
    private final InUse inUse;
    private final Fleet fleet;
    private final Diagnostics diagnostics;
    private final Ticker ticker;
    private final Map<String, List<Image>> listed = new ConcurrentHashMap<>();
    private Set<String> covered = Set.of();
    private Predicate<Digest> registryDigests;
    private final Map<Object, Object> remembered = new ConcurrentHashMap<>();

    Planning(Registry registry, Instant now, InUse inUse, Fleet fleet, Diagnostics diagnostics, Ticker ticker) {
        this.registry = registry;
        this.now = now;
        this.inUse = inUse;
        this.fleet = fleet;
        this.diagnostics = diagnostics;
        this.ticker = ticker;
    }

    public Registry registry() {
        return registry;
    }

    /** Whether a named repository this target lacks only warns: a dry run over several targets. */
    private boolean missingWarns;

    Planning missingWarns(boolean warns) {
        this.missingWarns = warns;
        return this;
    }

    /** The moment the plan is computed for. */
    public Instant now() {
        return now;
    }

    public Location location() {
        return registry.location();
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    Fleet fleet() {
        return fleet;
    }

    Ticker ticker() {
        return ticker;
    }

    InUse inUse() {
        return inUse;
    }

    /**
     * What a change works out once per target and uses for every repository (a policy read from the registry,
     * say): {@code value} is asked the first time {@code key} is, and its answer kept for this target.
     */
    @SuppressWarnings("unchecked")
    public <T> T remember(Object key, java.util.function.Supplier<T> value) {
        return (T) remembered.computeIfAbsent(key, k -> value.get());
    }

    /** The repositories of a selection, in this registry; a selection that leaves none warns. */
    public List<Repository> select(Selection selection) {
        long started = ticker.nanos();
        List<Repository> repositories = selection.resolve(registry, diagnostics, missingWarns);
        LOG.info(
                "{} repositories selected in {} ({} ms)",
                repositories.size(),
                registry.describe(),
                ticker.millisSince(started));
        return repositories;
    }

    /** The repositories the change covers: registry-wide reads keep the images of these for their plans. */
    void cover(List<Repository> repositories) {
        covered = repositories.stream().map(Repository::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The repository's images: those read already by a registry-wide read, else listed now. */
    public List<Image> images(String repository) {
        List<Image> images = listed.remove(repository);
        return images != null ? images : registry.listImages(repository);
    }

    /** What protects the images of one repository: the in-use sources and recent pulls. */
    public Pins pins(String repository, List<Image> images) {
        Pins pins = inUse.pinsFor(registry.location(), repository, images, now);
        Digest why = inUse.why();
        if (why != null && images.stream().anyMatch(i -> i.digest().equals(why))) {
            List<String> paths = pins.why(images, why);
            String where = "why " + why.shortForm() + " in " + repository + " (" + registry.describe() + "): ";
            if (paths.isEmpty()) {
                diagnostics.note(where + "no in-use source or recent pull holds it");
            }
            paths.forEach(path -> diagnostics.note(where + path));
        }
        return pins;
    }

    /**
     * Every digest of every repository of the registry, read once per target: a cosign signature may live in a
     * repository of its own, so its subject counts as present wherever it is. The images of the covered
     * repositories are kept for their plans, so that they are not listed twice.
     */
    public synchronized Predicate<Digest> registryDigests() {
        if (registryDigests == null) {
            Set<Digest> all = ConcurrentHashMap.newKeySet();
            fleet.map("Reading the registry", registry.listRepositories(), repository -> {
                List<Image> images = registry.listImages(repository.name());
                images.forEach(i -> all.add(i.digest()));
                if (covered.contains(repository.name())) {
                    listed.put(repository.name(), images);
                }
                return images.size();
            });
            registryDigests = all::contains;
        }
        return registryDigests;
    }
}
