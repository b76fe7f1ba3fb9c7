package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a report shows a plan (a dry run, a plan before its question, a refused plan) or a run's result. */
public enum Stage {
    PLAN("plan"),
    RESULT("result");

    private final String code;

    Stage(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Stage of(String code) {
        return Words.of(values(), Stage::code, code, "stage");
    }

    @Override
    public String toString() {
        return code;
    }
}
