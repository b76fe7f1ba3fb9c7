package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.snapshot.SnapshotRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A snapshot run's files, read on the other core while the main thread builds the command line: a tenth of a
 * second the reading no longer waits for. The run takes what was read only when it reads exactly these files
 * and none has changed since (its size, modification time and file key as they were before the reading);
 * otherwise it reads them itself, as it always did. What was read is taken (or dropped) by the first snapshot
 * the process reads, and by nothing after it. A file that could not be read is left to the run, which reports
 * it; a snapshot that is not valid fails the run with the same error it would have had.
 */
final class EarlySnapshot {

    private EarlySnapshot() {}

    /**
     * What a file was before it was read: whatever changes it changes one of these. Its equality is written out:
     * a record's own is made at its first call from method handles the start-up archive cannot hold, 15 ms on
     * the main thread of every snapshot run.
     */
    private record Stamp(long size, FileTime modified, Object key) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.size(), a.lastModifiedTime(), a.fileKey());
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s
                    && size == s.size
                    && java.util.Objects.equals(modified, s.modified)
                    && java.util.Objects.equals(key, s.key);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(size, modified, key);
        }
    }

    private record Reading(List<Path> files, List<Stamp> stamps, FutureTask<SnapshotRegistry> task) {

        boolean unchanged() {
            for (int i = 0; i < files.size(); i++) {
                if (!stamps.get(i).equals(Stamp.of(files.get(i)))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final AtomicReference<Reading> PENDING = new AtomicReference<>();

    /**
     * Starts reading {@code files} on a daemon thread, which then runs {@code then} (what the run needs later, made
     * while it plans), and returns it; null when one of the files cannot be looked at (the run reads and reports
     * it itself), {@code then} not run.
     */
    static Thread start(List<Path> files, Runnable then) {
        List<Stamp> stamps = new ArrayList<>();
        for (Path file : files) {
            Stamp stamp = Stamp.of(file);
            if (stamp == null) {
                return null;
            }
            stamps.add(stamp);
        }
        List<Path> read = List.copyOf(files);
        // Read without logging: the logging is set up by the main thread, and what the read took is told when taken.
        FutureTask<SnapshotRegistry> task = new FutureTask<>(() -> SnapshotRegistry.loadUntold(read));
        Reading previous = PENDING.getAndSet(new Reading(read, List.copyOf(stamps), task));
        if (previous != null) {
            previous.task().cancel(true);
        }
        Thread t = new Thread(
                () -> {
                    task.run();
                    then.run();
                },
                "ecrsweep-snapshot");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Lets the early read go, if there is one: its thread stops at its next check, and nothing will take it. */
    static void cancel() {
        Reading reading = PENDING.getAndSet(null);
        if (reading != null) {
            reading.task().cancel(true);
        }
    }

    /**
     * The registry read early from exactly {@code files}, waited for, if none of them changed since; null
     * otherwise, the run then reads them itself. The error of a snapshot that is not valid is thrown as reading
     * it would have thrown it.
     */
    static SnapshotRegistry take(List<Path> files) {
        Reading reading = PENDING.getAndSet(null);
        if (reading == null) {
            return null;
        }
        if (!reading.files().equals(files)) {
            reading.task().cancel(true);
            return null;
        }
        SnapshotRegistry registry;
        try {
            registry = reading.task().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reading.task().cancel(true);
            return null;
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            if (reading.unchanged()) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
            }
            return null;
        }
        if (!reading.unchanged()) {
            return null;
        }
        registry.logReads();
        return registry;
    }
}
