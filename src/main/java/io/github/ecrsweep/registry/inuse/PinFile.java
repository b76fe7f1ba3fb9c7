package io.github.ecrsweep.registry.inuse;

import java.util.List;
import java.util.Optional;

/**
 * A pin file: one image reference per line ({@code web:prod}, {@code web@sha256:<hex>}, a bare
 * {@code sha256:<hex>}, or a full image URI), blank lines and {@code #} comments allowed. A reference
 * without a registry host names the run's registry; a bare digest pins that image in every repository.
 * Each pin's source is {@code file:<name>:<line>}.
 */
public final class PinFile implements InUseSource {

    private final FileText file;

    public PinFile(FileText file) {
        this.file = file;
    }

    @Override
    public String sha256() {
        return file.sha256();
    }

    @Override
    public String name() {
        return "pin-file:" + file.name();
    }

    @Override
    public List<InUseReference> scan() {
        return parse(file.name(), file.read("pin file"));
    }

    static List<InUseReference> parse(String name, String text) {
        References pins = new References("pin file '" + name + "'");
        java.util.Set<ImageReference> pinned = new java.util.HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            Optional<ImageReference> reference = ImageReference.parse(content);
            if (reference.isEmpty()
                    || (reference.get().tag() == null && reference.get().digest() == null)) {
                throw FileText.invalid("pin file '" + name + "', line " + (i + 1)
                        + ": not an image reference (repository:tag, repository@sha256:<hex> or sha256:<hex>)");
            }
            // A pin written twice pins once, by its first line.
            if (pinned.add(reference.get())) {
                pins.add(reference.get(), "file:" + name + ":" + (i + 1));
            }
        }
        return pins.list();
    }
}
