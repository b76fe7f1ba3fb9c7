package io.github.ecrsweep.registry.inuse;

import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.rules.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The image references a source reads, sorted out: those of private ECR registries kept; those of other
 * registries counted by host, so that a user can see nothing was dropped; and one that looks like an ECR
 * registry's but cannot be read refused, since passing it over could leave an image in use unprotected.
 */
public final class References {

    /** How the host of a reference without one is counted: Docker Hub, as container runtimes read it. */
    static final String NO_HOST = "docker.io";

    private final String what;
    // Each reference once: a workload that names an image twice (its status and its spec) reports it once.
    private final java.util.Set<InUseReference> found = new java.util.LinkedHashSet<>();
    private final Map<String, Integer> others = new TreeMap<>();

    /** @param what the source, for the message that refuses a reference: {@code Kubernetes pod list 'pods.json'} */
    public References(String what) {
        this.what = what;
    }

    /**
     * Adds what a workload runs.
     *
     * @param image the reference as the workload names it
     * @param runs  the digest it actually runs, when the service reports one; else null
     */
    public void add(String image, String runs, String source) {
        if (image == null || image.isBlank()) {
            return;
        }
        Optional<ImageReference> parsed = ImageReference.parse(image);
        if (parsed.isEmpty()) {
            if (ImageReference.looksLikeEcr(image)) {
                throw unreadable(image, source);
            }
            others.merge("(not an image reference)", 1, Integer::sum);
            return;
        }
        ImageReference r = parsed.get();
        if (r.looksLikeUnreadableEcr()) {
            throw unreadable(image, source);
        }
        if (!r.isEcr()) {
            others.merge(r.registry() == null ? NO_HOST : r.registry(), 1, Integer::sum);
            return;
        }
        found.add(new InUseReference(runs != null && Digest.isValid(runs) ? r.withDigest(Digest.of(runs)) : r, source));
    }

    /** Adds a reference read already (an earlier scan's, a pin file's), refusing one that only looks like ECR's. */
    public void add(ImageReference image, String source) {
        if (image.looksLikeUnreadableEcr()) {
            throw unreadable(image.toString(), source);
        }
        found.add(new InUseReference(image, source));
    }

    private RegistryException unreadable(String image, String source) {
        return FileText.invalid(what + ": '" + image + "' (" + source + ") names an ECR registry whose account and"
                + " region cannot be read from it, so the image it runs cannot be protected");
    }

    /** The references of ECR registries, in the order read. */
    public List<InUseReference> list() {
        return List.copyOf(found);
    }

    /** How many references named other registries, by host. */
    public Map<String, Integer> others() {
        return Map.copyOf(others);
    }
}
