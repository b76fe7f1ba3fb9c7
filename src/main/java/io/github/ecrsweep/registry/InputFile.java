package io.github.ecrsweep.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text file a user named: a regular file only (a FIFO or a device such as /dev/zero is refused,
 * never waited on or read without end), at most a given size, in UTF-8.
 */
public final class InputFile {

    /** Why a file cannot be read, in a few words: "no such file", "not a regular file", ... */
    public static final class UnreadableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableException(String message) {
            super(message);
        }
    }

    private InputFile() {}

    public static String read(Path file, long maxBytes, String what) throws UnreadableException {
        try {
            if (!Files.exists(file)) {
                throw new UnreadableException("no such file");
            }
            if (Files.isDirectory(file)) {
                throw new UnreadableException("it is a directory");
            }
            if (!Files.isRegularFile(file)) {
                throw new UnreadableException("not a regular file");
            }
            if (Files.size(file) > maxBytes) {
                throw tooLarge(maxBytes, what);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return decode(in, maxBytes, what);
            }
        } catch (NoSuchFileException e) {
            throw new UnreadableException("no such file");
        } catch (AccessDeniedException e) {
            throw new UnreadableException("permission denied");
        } catch (InvalidPathException e) {
            throw new UnreadableException("invalid path");
        } catch (IOException e) {
            throw new UnreadableException("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Reads a stream (standard input) to its end, at most {@code maxBytes}, in UTF-8. */
    public static String decode(InputStream in, long maxBytes, String what) throws UnreadableException, IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes, what);
        }
        // Most files are ASCII: they become a string as they are, without a decoder's pass (a snapshot is 35 MB).
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableException("not UTF-8 text");
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static UnreadableException tooLarge(long maxBytes, String what) {
        String limit = maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : (maxBytes >> 10) + " KiB";
        return new UnreadableException("larger than " + limit + ", the limit for a " + what);
    }
}
