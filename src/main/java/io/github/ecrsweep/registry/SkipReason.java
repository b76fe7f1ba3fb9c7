package io.github.ecrsweep.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why ecrsweep did not send a planned image: it changed since the plan, or what it belongs to stays. */
public enum SkipReason {
    /** The image gained or lost a tag since the plan. */
    TAGGED_SINCE_PLAN("tagged-since-plan"),
    /** The image is no longer in the repository (or no longer in the storage class the plan acts on). */
    GONE_SINCE_PLAN("gone-since-plan"),
    /** An index that lists the image was not deleted, so deleting the image would break it. */
    INDEX_KEPT("index-kept"),
    /** The image's subject was not deleted, so its signature or attestation stays with it. */
    SUBJECT_KEPT("subject-kept"),
    /** A reviewed plan's image that an in-use source reports in use now (read again by {@code apply}). */
    IN_USE_SINCE_PLAN("in-use-since-plan"),
    /**
     * A reviewed plan's image that its command, planning again when the plan is applied, would not act on now
     * (the newest N moved, an age or a count no longer reached): {@code apply} does only what both plans do.
     */
    NO_LONGER_PLANNED("no-longer-planned");

    private final String code;

    SkipReason(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static SkipReason of(String code) {
        for (SkipReason r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("'" + code + "' is not a skip reason");
    }

    @Override
    public String toString() {
        return code;
    }
}
