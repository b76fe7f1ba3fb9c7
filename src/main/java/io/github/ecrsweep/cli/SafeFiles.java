package io.github.ecrsweep.cli;

import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files ecrsweep writes (a plan with {@code --out}, a report with {@code --report}): written whole to a new
 * file beside the target, then renamed over it, so that the target is never seen half written; never through
 * a symbolic link at the target; a plan readable by its owner only. A file still being written when a second
 * signal ends the process at once is removed first.
 */
final class SafeFiles {

    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private SafeFiles() {}

    /**
     * Writes {@code bytes} to {@code target}.
     *
     * @param what      what the file is, for the message that says why it could not be written: {@code the plan}
     * @param ownerOnly whether only the owner may read it (a plan: it names every image and policy of the run)
     */
    static void write(Path target, byte[] bytes, String what, boolean ownerOnly) {
        String shown = Text.safe(target.toString());
        check(target, what);
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        try {
            // A run-specific directory (reports/{run}/...) is made here; an existing one is used as it is.
            Files.createDirectories(dir);
            temp = create(dir, "." + absolute.getFileName() + ".", ownerOnly);
            WRITING.add(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            throw new UserError(
                    ExitCode.USAGE,
                    "cannot write " + what + " to '" + shown + "': "
                            + e.getClass().getSimpleName(),
                    e);
        } finally {
            if (temp != null) {
                WRITING.remove(temp);
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // renamed already, or beyond our reach: nothing more to do
                }
            }
        }
    }

    /**
     * Refuses a target that cannot be written safely (a symbolic link, a directory), before a run changes
     * anything: a run that deleted images must not then fail to say so.
     */
    static void check(Path target, String what) {
        if (target == null) {
            return;
        }
        String shown = Text.safe(target.toString());
        if (Files.isSymbolicLink(target)) {
            throw new UserError(
                    ExitCode.USAGE,
                    "cannot write " + what + " to '" + shown + "': it is a symbolic link, which ecrsweep does not"
                            + " write through; name the file itself");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError(ExitCode.USAGE, "cannot write " + what + " to '" + shown + "': it is a directory");
        }
    }

    /** A new file in {@code dir}, its name starting {@code prefix}; owner-only where the file system has modes. */
    private static Path create(Path dir, String prefix, boolean ownerOnly) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
        while (true) {
            try {
                return Files.createTempFile(dir, prefix, ".tmp", attributes);
            } catch (FileAlreadyExistsException e) {
                // a name taken between the draw and the creation: draw again
            }
        }
    }

    /** Removes every file still being written: the process is about to end at once (a second signal). */
    static void abandon() {
        for (Path p : WRITING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the process ends anyway
            }
        }
    }
}
