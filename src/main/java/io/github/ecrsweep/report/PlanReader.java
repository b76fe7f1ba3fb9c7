package io.github.ecrsweep.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.registry.StrictJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads a plan written with {@code --dry-run --out} back into the {@link Report} it was written from: the same
 * records, read strictly (a key given twice, a key the contract does not have, a word it does not know are
 * refused with their line), with the SHA-256 of the bytes read so that {@code apply} can bind to reviewed bytes.
 */
public final class PlanReader {

    private static final long MAX_BYTES = 256L << 20;

    private static final ObjectReader READER = StrictJson.MAPPER
            .readerFor(Report.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final ObjectReader FLEET_READER = StrictJson.MAPPER
            .readerFor(FleetReport.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PlanReader() {}

    /**
     * A plan of one target or of several (a fleet plan: each target's plan), and the SHA-256 of its bytes.
     *
     * @param one   the plan of one target, or null
     * @param fleet the plans of several targets, or null
     */
    public record Plans(String name, Report one, FleetReport fleet, String sha256) {

        /** Each target's plan as read on its own, with the file's name and hash; a failed target has none. */
        public Read of(FleetReport.TargetReport target) {
            return new Read(name + " (" + target.target() + ")", target.report(), sha256);
        }
    }

    /** Reads a plan of one target or a fleet plan, told apart by its kind. */
    public static Plans readAny(Path file) {
        String name = Text.safe(file.toString());
        byte[] bytes = bytes(file, name);
        String sha256 = InputFile.sha256(bytes);
        if (!isFleet(bytes)) {
            return new Plans(name, parse(name, bytes), null, sha256);
        }
        String what = "plan '" + name + "'";
        FleetReport fleet;
        try {
            fleet = FLEET_READER.readValue(bytes);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(what + " is not a plan of this ecrsweep: " + at(e) + "unknown key '" + e.getPropertyName()
                    + "'" + path(e));
        } catch (JsonProcessingException e) {
            throw invalid(what + " is not a plan of this ecrsweep: " + StrictJson.problem(e) + path(e));
        } catch (IOException e) {
            throw invalid(what + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (fleet.schemaVersion() != Report.SCHEMA_VERSION || fleet.stage() != Stage.PLAN || !fleet.dryRun()) {
            throw invalid(what + " is not the plan of a dry run over several targets");
        }
        for (FleetReport.TargetReport t : fleet.targets()) {
            if (t.report() != null) {
                check(t.report(), what + " (" + Text.safe(t.target()) + ")");
            }
        }
        return new Plans(name, null, fleet, sha256);
    }

    private static boolean isFleet(byte[] bytes) {
        try {
            return FleetReport.KIND.equals(
                    StrictJson.MAPPER.readTree(bytes).path("kind").asText());
        } catch (IOException e) {
            return false; // parse() says what is wrong with it
        }
    }

    private static byte[] bytes(Path file, String name) {
        try (var in = InputFile.open(file, MAX_BYTES, "plan")) {
            return in.readAllBytes();
        } catch (InputFile.UnreadableException e) {
            throw invalid("plan '" + name + "' cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw invalid("plan '" + name + "' cannot be read: "
                    + InputFile.unreadable(e).getMessage());
        }
    }

    /**
     * A plan, and the SHA-256 of its bytes (lower-case hex).
     *
     * @param name the file as the user named it, for messages
     */
    public record Read(String name, Report plan, String sha256) {}

    /** Reads {@code file}; anything but a readable plan of ecrsweep is invalid input, told in one line. */
    public static Read read(Path file) {
        String name = Text.safe(file.toString());
        byte[] bytes = bytes(file, name);
        return new Read(name, parse(name, bytes), InputFile.sha256(bytes));
    }

    static Report parse(String name, byte[] bytes) {
        String what = "plan '" + name + "'";
        Report plan;
        try {
            plan = READER.readValue(bytes);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(what + " is not a plan of this ecrsweep: " + at(e) + "unknown key '" + e.getPropertyName()
                    + "'" + path(e));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw invalid(what + " is not a plan of this ecrsweep: " + at(e) + cause.getMessage() + path(e));
        } catch (JsonProcessingException e) {
            throw invalid(what + " is not a plan of this ecrsweep: " + StrictJson.problem(e) + path(e));
        } catch (IOException e) {
            throw invalid(what + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return check(plan, what);
    }

    /** A target's plan as a plan must be: of a dry run's planning stage, of a command apply can run, complete. */
    private static Report check(Report plan, String what) {
        if (plan == null || plan.schemaVersion() != Report.SCHEMA_VERSION || plan.command() == null) {
            throw invalid(what + " is not a plan of ecrsweep: write one with --dry-run --out FILE");
        }
        if (plan.stage() != Stage.PLAN) {
            throw invalid(what + " is the result of a run, not a plan");
        }
        if (plan.command() == CommandName.APPLY) {
            throw invalid(what + " is the plan of an apply; apply the plan it came from");
        }
        try {
            Instant.parse(String.valueOf(plan.evaluatedAt()));
        } catch (DateTimeParseException e) {
            throw invalid(what + ": evaluatedAt is not a time");
        }
        if (plan.summary() == null) {
            throw invalid(what + " has no summary");
        }
        return plan;
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1
                ? ""
                : "line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ": ";
    }

    /** Where in the document, as a JSON path: {@code (at repositories[0].images[2].imageTags)}. */
    private static String path(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m)
                || m.getPath().isEmpty()) {
            return "";
        }
        StringBuilder p = new StringBuilder();
        for (var ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                p.append(p.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                p.append('[').append(ref.getIndex()).append(']');
            }
        }
        return " (at " + p + ")";
    }

    private static UserError invalid(String message) {
        return new UserError(ExitCode.USAGE, message);
    }
}
