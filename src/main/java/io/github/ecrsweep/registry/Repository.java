package io.github.ecrsweep.registry;

import java.time.Instant;
import java.util.Objects;

/** A repository as listed: its name, URI and creation time (both may be unknown in a snapshot). */
public record Repository(String name, String uri, Instant createdAt) {

    public Repository {
        Objects.requireNonNull(name, "name");
    }

    public static Repository named(String name) {
        return new Repository(name, null, null);
    }
}
