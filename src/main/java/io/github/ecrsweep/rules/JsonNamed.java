package io.github.ecrsweep.rules;

import java.util.Optional;

/** An enum constant with the spelling lifecycle policy JSON uses for it. */
public interface JsonNamed {

    String json();

    /** The constant spelled {@code text} in JSON, if any; the match is exact, as ECR's is. */
    static <E extends JsonNamed> Optional<E> fromJson(E[] values, String text) {
        for (E value : values) {
            if (value.json().equals(text)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
