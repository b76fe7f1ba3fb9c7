package io.github.ecrsweep.rules;

import java.util.Optional;

/** {@code selection.tagStatus}. */
public enum TagStatus implements JsonNamed {
    TAGGED("tagged"),
    UNTAGGED("untagged"),
    ANY("any");

    private final String json;

    TagStatus(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }

    public static Optional<TagStatus> fromJson(String text) {
        return JsonNamed.fromJson(values(), text);
    }
}
