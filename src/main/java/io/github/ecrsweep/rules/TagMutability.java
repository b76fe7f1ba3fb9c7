package io.github.ecrsweep.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A repository's image tag mutability, as ECR reports it: {@code MUTABLE}, {@code IMMUTABLE}, or either with
 * exclusion filters ({@code *} wildcards) that turn the setting around for the tags they match.
 *
 * @param mode       the setting
 * @param exclusions the wildcard filters of the {@code _WITH_EXCLUSION} settings; empty otherwise
 */
public record TagMutability(Mode mode, List<String> exclusions) {

    /** ECR's four settings. */
    public enum Mode {
        MUTABLE,
        IMMUTABLE,
        IMMUTABLE_WITH_EXCLUSION,
        MUTABLE_WITH_EXCLUSION;

        /** The setting ECR names so; an unknown (newer) name reads as immutable, the safer guess. */
        public static Mode of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return IMMUTABLE;
            }
        }
    }

    public static final TagMutability MUTABLE = new TagMutability(Mode.MUTABLE, List.of());

    public TagMutability {
        Objects.requireNonNull(mode, "mode");
        exclusions = List.copyOf(exclusions);
    }

    /** Whether the repository refuses changes to this tag. */
    public boolean isImmutable(String tag) {
        boolean excluded = exclusions.stream().anyMatch(f -> Glob.matches(f, tag));
        return switch (mode) {
            case MUTABLE -> false;
            case IMMUTABLE -> true;
            case IMMUTABLE_WITH_EXCLUSION -> !excluded;
            case MUTABLE_WITH_EXCLUSION -> excluded;
        };
    }

    /** How ECR writes the setting: {@code IMMUTABLE_WITH_EXCLUSION (release-*)}. */
    @Override
    public String toString() {
        return exclusions.isEmpty() ? mode.name() : mode.name() + " (" + String.join(", ", exclusions) + ")";
    }
}
