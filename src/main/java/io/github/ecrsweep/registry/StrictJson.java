package io.github.ecrsweep.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * How ecrsweep reads the JSON a user gives it (plans, in-use scans, pod lists, snapshots, reports): a key
 * given twice is refused, since readers differ on which one counts ({@code "imageTags":[],"imageTags":["prod"]}
 * looks untagged to one and tagged to another), and every problem is told with its line.
 */
public final class StrictJson {

    private StrictJson() {}

    /** A mapper that refuses duplicate keys; its other settings are Jackson's defaults. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** {@code line 12, column 5: duplicate key 'imageTags'}: the problem in one line, with its place. */
    public static String problem(JsonProcessingException e) {
        return place(e) + message(e);
    }

    /** {@code line 12, column 5: }, or nothing when Jackson does not say where. */
    public static String place(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    }

    /** What is wrong, in Jackson's first line, without the parser's internals. */
    public static String message(JsonProcessingException e) {
        String message = e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
        int marker = message.indexOf(" (start marker at");
        if (marker > 0) {
            message = message.substring(0, marker);
        }
        // Jackson says "Duplicate field 'x'" (and, reading a tree, what refused it); users know JSON keys.
        if (!message.startsWith("Duplicate field ")) {
            return message;
        }
        int tree = message.lastIndexOf("' for `ObjectNode`");
        return "duplicate key "
                + message.substring("Duplicate field ".length(), tree > 0 ? tree + 1 : message.length());
    }
}
