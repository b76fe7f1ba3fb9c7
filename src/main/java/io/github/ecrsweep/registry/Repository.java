package io.github.ecrsweep.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A repository as listed: its name, URI, creation time and the registry (account) it belongs to; all
 * but the name may be unknown in a snapshot.
 */
public record Repository(String name, String uri, Instant createdAt, String registryId) {

    public Repository {
        Objects.requireNonNull(name, "name");
    }

    public static Repository named(String name) {
        return new Repository(name, null, null, null);
    }
}
