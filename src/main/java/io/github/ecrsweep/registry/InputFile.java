package io.github.ecrsweep.registry;

import java.io.FilterInputStream;
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
        try (InputStream in = open(file, maxBytes, what)) {
            return decode(in, maxBytes, what);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Opens a file to be read as a stream, for files too large to hold whole (a snapshot): the same checks as
     * {@link #read}, and the stream fails with {@link TooLargeException} if the file grows past {@code maxBytes}
     * while it is read. The caller decodes the bytes.
     */
    public static InputStream open(Path file, long maxBytes, String what) throws UnreadableException {
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
            return new Bounded(Files.newInputStream(file), maxBytes, what);
        } catch (InvalidPathException e) {
            throw new UnreadableException("invalid path");
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Why an I/O failure made a file unreadable, in the same few words as {@link #read}'s checks. */
    public static UnreadableException unreadable(IOException e) {
        if (e instanceof TooLargeException large) {
            return new UnreadableException(large.getMessage());
        }
        if (e instanceof NoSuchFileException) {
            return new UnreadableException("no such file");
        }
        if (e instanceof AccessDeniedException) {
            return new UnreadableException("permission denied");
        }
        return new UnreadableException("cannot be read (" + e.getClass().getSimpleName() + ")");
    }

    /** A file that grew past its limit while it was read. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /** Counts what is read and refuses to read past the limit. */
    private static final class Bounded extends FilterInputStream {
        private final long maxBytes;
        private final String what;
        private long read;

        Bounded(InputStream in, long maxBytes, String what) {
            super(in);
            this.maxBytes = maxBytes;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        /** Bytes skipped count as read: the limit is on how far into the file the stream goes. */
        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) {
                count(skipped);
            }
            return skipped;
        }

        private void count(long n) throws TooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new TooLargeException(tooLarge(maxBytes, what).getMessage());
            }
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

    /** The SHA-256 of these bytes, in lower-case hexadecimal. */
    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
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
        String limit = maxBytes >= 1 << 20
                ? (maxBytes >> 20) + " MiB"
                : maxBytes >= 1 << 10 ? (maxBytes >> 10) + " KiB" : maxBytes + " bytes";
        return new UnreadableException("larger than " + limit + ", the limit for a " + what);
    }
}
