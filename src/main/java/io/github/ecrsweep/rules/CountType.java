package io.github.ecrsweep.rules;

import java.util.Optional;

/** {@code selection.countType}: a count limit or an age limit in days. */
public enum CountType implements JsonNamed {
    IMAGE_COUNT_MORE_THAN("imageCountMoreThan"),
    SINCE_IMAGE_PUSHED("sinceImagePushed"),
    SINCE_IMAGE_PULLED("sinceImagePulled"),
    SINCE_IMAGE_TRANSITIONED("sinceImageTransitioned");

    private final String json;

    CountType(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }

    /** The {@code since*} types, which take {@code countUnit: days}. */
    public boolean isAge() {
        return this != IMAGE_COUNT_MORE_THAN;
    }

    public static Optional<CountType> fromJson(String text) {
        return JsonNamed.fromJson(values(), text);
    }
}
