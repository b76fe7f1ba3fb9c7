package io.github.ecrsweep.registry.snapshot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.registry.snapshot.RegistryExport.Details;
import io.github.ecrsweep.registry.snapshot.RegistryExport.FormatException;
import io.github.ecrsweep.registry.snapshot.RegistryExport.Snapshot;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Reads a large snapshot file on two threads, with the result reading it from start to end gives.
 *
 * <p>A second thread reads the image entries from the file's middle to the end of the array they are in, while
 * the first reads the file from its start. Where the second began (just after a comma between two entries, as it
 * seems from the bytes there), the first thread's stream goes on at the array's closing bracket, the second
 * thread's part cut out. The cut is right only when the first thread's parser meets that bracket as the end of
 * an array of entries: the brace before the comma then closed an entry, the comma separates it from the next,
 * and the second thread read the rest of the array from the state the file is in there. Otherwise (the comma was inside a string, the array had no entry before it), or when the read
 * fails after the cut (its error would name the wrong place), or when the two parts conflict (a digest in both,
 * two repository names), the file is read again from start to end, which gives the result or the error as
 * before. When the second thread fails, the first reads the file on past the comma itself.
 */
final class SplitRead {

    /** Files smaller than this are read on one thread: a 4 MiB file is about 11,000 images. */
    static final long MIN_BYTES = 4L << 20;

    /** How far past the middle a comma between two entries is looked for. */
    private static final int WINDOW = 64 << 10;

    private static final String WHAT = "snapshot file";

    /**
     * The second thread's parsers: the first's constraints, three levels of nesting fewer. Its part is read as
     * the entries of an array of its own at the top, while in the file the array is two levels deeper (in
     * describe-images output) or four (in an export): a part the second thread reads is never one the whole
     * file's reading refuses for its depth.
     */
    private static final JsonFactory SECOND = second(RegistryExport.constraints());

    private static JsonFactory second(StreamReadConstraints first) {
        return JsonFactory.builder()
                .streamReadConstraints(first.rebuild()
                        .maxNestingDepth(first.getMaxNestingDepth() - 3)
                        .build())
                .build();
    }

    private SplitRead() {}

    /** Reads {@code file}, the part past its middle on a second thread when it is large; otherwise on this one. */
    static Snapshot read(Path file, long maxBytes, String fallbackName)
            throws InputFile.UnreadableException, FormatException, IOException {
        long minBytes = Runtime.getRuntime().availableProcessors() > 1 ? MIN_BYTES : Long.MAX_VALUE;
        return read(file, maxBytes, fallbackName, minBytes).result();
    }

    /** How a file was read. */
    enum Way {
        /** On one thread from start to end: small, or no place to cut was found. */
        IN_ORDER,
        /** In two parts, joined. */
        JOINED,
        /** The second thread failed, or the read ended before the cut: the first thread read the file in order. */
        NOT_CUT_OUT,
        /** Cut in a place that was not between two entries, or failed past the cut: read again in order. */
        AGAIN
    }

    /** What a file holds, or why it cannot be read, and how it was read. */
    record Told(Way way, Snapshot snapshot, Exception failure) {
        Snapshot result() throws FormatException, IOException {
            if (failure instanceof FormatException f) {
                throw f;
            }
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            return snapshot;
        }
    }

    /** Reads the stream in order, told as {@code way}. */
    private static Told inOrder(InputStream in, String fallbackName, Way way) {
        try {
            return new Told(way, RegistryExport.read(in, fallbackName), null);
        } catch (FormatException | IOException | RuntimeException e) {
            return new Told(way, null, e);
        }
    }

    /** The same, cut when the file has at least {@code minBytes}, and told how. */
    static Told read(Path file, long maxBytes, String fallbackName, long minBytes)
            throws InputFile.UnreadableException, FormatException, IOException {
        try (InputStream in = InputFile.open(file, maxBytes, WHAT)) {
            Cut cut = null;
            try {
                cut = wholeDocumentUncounted() ? cut(file, minBytes) : null;
            } catch (IOException e) {
                // not looked into: read in order, which reports what fails
            }
            if (cut == null) {
                return inOrder(in, fallbackName, Way.IN_ORDER);
            }
            Second second = new Second(file, maxBytes, cut);
            Spliced spliced = new Spliced(in, cut, second);
            second.start();
            try {
                Snapshot read = RegistryExport.read(spliced, fallbackName, second);
                if (!spliced.cutOut) {
                    return new Told(Way.NOT_CUT_OUT, read, null);
                }
                if (second.joined) {
                    return new Told(Way.JOINED, read, null);
                }
            } catch (FormatException | IOException | RuntimeException e) {
                if (!spliced.cutOut) {
                    return new Told(Way.NOT_CUT_OUT, null, e);
                }
            } finally {
                second.cancel();
            }
        }
        // Cut where it should not have been, or failed past the cut: read again from start to end.
        try (InputStream in = InputFile.open(file, maxBytes, WHAT)) {
            return inOrder(in, fallbackName, Way.AGAIN);
        }
    }

    /**
     * Whether the reader's constraints leave the whole document uncounted (neither its length nor its tokens are
     * limited by default): two parts read apart are then refused only where the whole file is.
     */
    private static boolean wholeDocumentUncounted() {
        StreamReadConstraints c = RegistryExport.constraints();
        return !c.hasMaxDocumentLength() && !c.hasMaxTokenCount();
    }

    /**
     * Where the file is cut: {@code comma}, the offset of a comma just past the middle with only whitespace between
     * it and a closing brace before and an opening brace ({@code start}) after, and a key's quote after that; the
     * place of two entries of an array, as far as the bytes there tell.
     */
    record Cut(long comma, long start) {}

    static Cut cut(Path file, long minBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < minBytes || !startsWithObject(channel)) {
                return null; // small, or in UTF-16 or UTF-32, or not an object: read in order
            }
            long middle = size / 2;
            ByteBuffer buffer = ByteBuffer.allocate(WINDOW);
            while (buffer.hasRemaining() && channel.read(buffer, middle + buffer.position()) > 0) {
                // read the window whole
            }
            byte[] window = buffer.array();
            int length = buffer.position();
            for (int i = 0; i < length; i++) {
                if (window[i] != '}') {
                    continue;
                }
                int comma = space(window, i + 1, length);
                if (comma < length && window[comma] == ',') {
                    int start = space(window, comma + 1, length);
                    if (start < length && window[start] == '{' && opensKey(window, start + 1, length)) {
                        return new Cut(middle + comma, middle + start);
                    }
                }
            }
            return null;
        }
    }

    /** Whether the first byte from {@code i} that is not JSON whitespace opens a key: a quote. */
    private static boolean opensKey(byte[] bytes, int i, int length) {
        int at = space(bytes, i, length);
        return at < length && bytes[at] == '"';
    }

    /** Whether the file's first byte that is not JSON whitespace, in its first few kilobytes, is an opening brace. */
    private static boolean startsWithObject(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4096);
        channel.read(head, 0);
        int first = space(head.array(), 0, head.position());
        return first < head.position() && head.array()[first] == '{';
    }

    /** The index of the first byte from {@code i} that is not JSON whitespace. */
    private static int space(byte[] bytes, int i, int length) {
        while (i < length && isSpace(bytes[i])) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** What the second thread read: the entries, and the offset of the bracket that closes their array. */
    private record Half(Details details, long end) {}

    /** Thrown where the two parts conflict: the file is then read again in order, which names the conflict. */
    private static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mismatch() {
            super(null, null, false, false);
        }
    }

    /** The second thread, and the joining of what it read to the array the first thread reads. */
    private static final class Second implements RegistryExport.Join {
        private final Path file;
        private final long maxBytes;
        private final Cut cut;
        /** The part read, or null when it could not be read as entries to the end of an array. */
        private final CompletableFuture<Half> half = new CompletableFuture<>();

        private volatile boolean cancelled;
        boolean joined;

        Second(Path file, long maxBytes, Cut cut) {
            this.file = file;
            this.maxBytes = maxBytes;
            this.cut = cut;
        }

        void start() {
            Thread thread = new Thread(this::run, "ecrsweep-snapshot-half");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops the reading when it is no longer needed: the first thread failed, or is done. */
        void cancel() {
            cancelled = true;
        }

        private void run() {
            Half read = null;
            try (InputStream file = InputFile.open(this.file, maxBytes, WHAT)) {
                file.skipNBytes(cut.start());
                // The entries from the cut, read as those of an array of their own, to the bracket that closes it.
                InputStream in = new SequenceInputStream(new ByteArrayInputStream(new byte[] {'['}), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        check();
                        return file.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        check();
                        return file.read(b, off, len);
                    }
                });
                try (JsonParser p = SECOND.createParser(in)) {
                    if (p.nextToken() == JsonToken.START_ARRAY) {
                        Details details = RegistryExport.entries(p);
                        read = new Half(
                                details, cut.start() + p.currentTokenLocation().getByteOffset() - 1);
                    }
                }
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                // Not entries to the end of an array (or cut short): the first thread reads on past the cut.
                read = null;
            } finally {
                half.complete(read);
            }
        }

        private void check() throws IOException {
            if (cancelled) {
                throw new InterruptedIOException("no longer needed");
            }
        }

        /** What the second thread read, waited for; null when it could not be read. */
        Half await() throws IOException {
            try {
                return half.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the second half of the file was read");
            } catch (ExecutionException e) {
                return null;
            }
        }

        @Override
        public void atEnd(JsonParser p, boolean oneRepository, Details details, Set<Digest> seen) {
            if (joined || p.currentTokenLocation().getByteOffset() != cut.comma()) {
                return;
            }
            Half second = half.getNow(null);
            if (second == null) {
                return; // the bracket at the comma's place is the file's own: nothing was cut out
            }
            if (oneRepository) {
                String name = second.details().name;
                if (name != null) {
                    if (details.name != null && !details.name.equals(name)) {
                        throw new Mismatch();
                    }
                    details.name = name;
                }
                if (second.details().registryId != null) {
                    details.registryId = second.details().registryId;
                }
            }
            for (Image image : second.details().images) {
                if (seen.contains(image.digest())) {
                    throw new Mismatch();
                }
            }
            details.images.addAll(second.details().images);
            joined = true;
        }
    }

    /**
     * The first thread's stream: the file to the comma, then, when the second thread read its part, the file from
     * the bracket that closes the array, or else the file on from the comma.
     */
    private static final class Spliced extends InputStream {
        private final InputStream in;
        private final Cut cut;
        private final Second second;
        private long position;
        private boolean decided;
        /** Whether the second thread's part was cut out of what this stream gives. */
        boolean cutOut;

        Spliced(InputStream in, Cut cut, Second second) {
            this.in = in;
            this.cut = cut;
            this.second = second;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!decided) {
                if (position == cut.comma()) {
                    decided = true;
                    Half half = second.await();
                    if (half != null) {
                        in.skipNBytes(half.end() - cut.comma());
                        cutOut = true;
                    }
                } else {
                    int n = in.read(b, off, (int) Math.min(len, cut.comma() - position));
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }
            }
            return in.read(b, off, len);
        }
    }
}
