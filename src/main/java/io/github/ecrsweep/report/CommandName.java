package io.github.ecrsweep.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The changing commands, as every report names them. */
public enum CommandName {
    DELETE_UNTAGGED("delete-untagged"),
    PUT_POLICY("put-policy"),
    APPLY_ALL("apply-all"),
    EXPIRE("expire"),
    SWEEP("sweep"),
    DELETE_POLICY("delete-policy"),
    COPY_POLICY("copy-policy"),
    UNTAG("untag"),
    RESTORE("restore"),
    DELETE_REPOSITORY("delete-repository"),
    PUT_TEMPLATE("put-template"),
    APPLY_TEMPLATES("apply-templates"),
    APPLY("apply");

    private final String code;

    CommandName(String code) {
        this.code = code;
    }

    /** The command as typed: {@code delete-untagged}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The command named {@code code}; an unknown name is invalid input. */
    @JsonCreator
    public static CommandName of(String code) {
        return Words.of(values(), CommandName::code, code, "command");
    }

    @Override
    public String toString() {
        return code;
    }
}
