package io.github.ecrsweep.rules;

import java.util.Optional;

/** Where an image is stored, as lifecycle policies name it. */
public enum StorageClass implements JsonNamed {
    STANDARD("standard"),
    ARCHIVE("archive");

    private final String json;

    StorageClass(String json) {
        this.json = json;
    }

    /** The name used in lifecycle policy JSON. */
    @Override
    public String json() {
        return json;
    }

    public static Optional<StorageClass> fromJson(String text) {
        return JsonNamed.fromJson(values(), text);
    }
}
