package io.github.ecrsweep.registry.inuse;

import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The text of a file a source reads, or of standard input ({@code -}); read once, when the source scans. */
public final class FileText {

    /** Kubernetes pod lists of large clusters are tens of megabytes. */
    static final long MAX_BYTES = 512L << 20;

    private final String name;
    private final Path path;
    private final Supplier<InputStream> stdin;
    private volatile String sha256;

    private FileText(String name, Path path, Supplier<InputStream> stdin) {
        this.name = name;
        this.path = path;
        this.stdin = stdin;
    }

    /** {@code file}, or standard input when it is {@code -}. */
    public static FileText of(String file, Supplier<InputStream> stdin) {
        return "-".equals(file) ? new FileText("-", null, stdin) : new FileText(file, Path.of(file), null);
    }

    /** The file as the user wrote it; {@code -} for standard input. */
    public String name() {
        return name;
    }

    /** The SHA-256 of the text last read, or null before it is read. */
    public String sha256() {
        return sha256;
    }

    String read(String what) {
        try {
            String text = path == null
                    ? InputFile.decode(stdin.get(), MAX_BYTES, what)
                    : InputFile.read(path, MAX_BYTES, what);
            sha256 = InputFile.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return text;
        } catch (InputFile.UnreadableException e) {
            throw invalid(what + " '" + name + "' cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw invalid(
                    what + " '" + name + "' cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    static RegistryException invalid(String message) {
        return new RegistryException(RegistryException.Kind.INVALID_SNAPSHOT, message);
    }
}
