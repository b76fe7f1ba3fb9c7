package io.github.ecrsweep.registry;

import io.github.ecrsweep.rules.TagMutability;
import java.time.Instant;
import java.util.Objects;

/**
 * A repository as listed: its name, URI, creation time, the registry (account) it belongs to and its tag
 * mutability; all but the name may be unknown in a snapshot.
 *
 * @param tagMutability the repository's image tag mutability, or null when unknown (a snapshot without it)
 */
public record Repository(String name, String uri, Instant createdAt, String registryId, TagMutability tagMutability) {

    public Repository {
        Objects.requireNonNull(name, "name");
    }

    public Repository(String name, String uri, Instant createdAt, String registryId) {
        this(name, uri, createdAt, registryId, null);
    }

    public static Repository named(String name) {
        return new Repository(name, null, null, null);
    }
}
