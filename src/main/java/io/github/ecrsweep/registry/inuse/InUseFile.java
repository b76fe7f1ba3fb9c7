package io.github.ecrsweep.registry.inuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.registry.StrictJson;
import java.util.List;
import java.util.Optional;

/**
 * An earlier scan, as {@code ecrsweep scan-in-use -o json} wrote it (docs/in-use.schema.json): every image
 * it found, with the sources that reported it, which keep their names. One account's workloads can so
 * protect images in a central registry account, and a plan can be reproduced offline.
 */
public final class InUseFile implements InUseSource {

    /** The {@code kind} of the document. */
    public static final String KIND = "ecrsweep-in-use";

    public static final int SCHEMA_VERSION = 1;

    private final FileText file;

    public InUseFile(FileText file) {
        this.file = file;
    }

    @Override
    public String sha256() {
        return file.sha256();
    }

    @Override
    public String name() {
        return "in-use-file:" + file.name();
    }

    @Override
    public List<InUseReference> scan() {
        return parse(file.name(), file.read("in-use scan"));
    }

    static List<InUseReference> parse(String name, String text) {
        String what = "in-use scan '" + name + "'";
        JsonNode root;
        try {
            root = StrictJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw FileText.invalid(what + " is not JSON (" + StrictJson.problem(e) + ")");
        }
        if (root == null || !KIND.equals(root.path("kind").asText())) {
            throw FileText.invalid(what + " is not an in-use scan: write one with 'ecrsweep scan-in-use -o json'");
        }
        if (root.path("schemaVersion").asInt() != SCHEMA_VERSION) {
            throw FileText.invalid(what + " has schemaVersion " + root.path("schemaVersion")
                    + "; this ecrsweep reads version " + SCHEMA_VERSION);
        }
        References references = new References(what);
        JsonNode images = root.path("images");
        java.util.Map<ImageReference, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            JsonNode entry = images.get(i);
            Optional<ImageReference> image =
                    ImageReference.parse(entry.path("image").asText(null));
            if (image.isEmpty()
                    || !entry.path("sources").isArray()
                    || entry.path("sources").isEmpty()) {
                throw FileText.invalid(what + ": images[" + i + "] needs an image reference and its sources");
            }
            Integer first = seen.putIfAbsent(image.get(), i);
            if (first != null) {
                throw FileText.invalid(what + ": images[" + i + "] is the image of images[" + first + "] again");
            }
            for (JsonNode source : entry.path("sources")) {
                references.add(image.get(), source.asText());
            }
        }
        return references.list();
    }
}
