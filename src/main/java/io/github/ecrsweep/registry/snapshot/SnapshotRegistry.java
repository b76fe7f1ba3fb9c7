package io.github.ecrsweep.registry.snapshot;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.RegistryException.Kind;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.snapshot.RegistryExport.FormatException;
import io.github.ecrsweep.registry.snapshot.RegistryExport.RepositoryData;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/** A read-only registry loaded from snapshot files: ecrsweep exports and {@code aws ecr describe-images} output. */
public final class SnapshotRegistry implements Registry {

    /** The largest snapshot file read: ample for 100,000-image repositories, and a bound on memory. */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private final Map<String, RepositoryData> repositories;
    private final List<Path> files;
    private final Instant capturedAt;
    private final Location location;
    private final String incompleteness;
    /** What reading each file took, told by {@link #logReads}. */
    private final List<Read> reads;

    private record Read(Path file, int images, long millis) {}

    private SnapshotRegistry(
            Map<String, RepositoryData> repositories,
            List<Path> files,
            Instant capturedAt,
            Location location,
            String incompleteness,
            List<Read> reads) {
        this.repositories = repositories;
        this.files = files;
        this.capturedAt = capturedAt;
        this.location = location;
        this.incompleteness = incompleteness;
        this.reads = reads;
    }

    /** Loads every file; an unreadable or invalid one fails with a message naming the file and the place. */
    public static SnapshotRegistry load(List<Path> files) {
        SnapshotRegistry registry = loadUntold(files);
        registry.logReads();
        return registry;
    }

    /**
     * Tells, at the verbose level, what reading each file took. Called by the thread that uses the registry: a file
     * read on another thread ({@link #loadUntold}) logs nothing there, since logging set up on two threads at once
     * replays its first lines with a warning on standard error.
     */
    public void logReads() {
        org.slf4j.Logger log = LoggerFactory.getLogger(SnapshotRegistry.class);
        for (Read r : reads) {
            log.info("{}: read and parsed {} images in {} ms", r.file(), r.images(), r.millis());
        }
    }

    /** As {@link #load}, without logging: for a read on another thread than the run's. */
    public static SnapshotRegistry loadUntold(List<Path> files) {
        List<Read> reads = new ArrayList<>();
        Map<String, RepositoryData> repositories = new TreeMap<>();
        Map<String, Path> origin = new TreeMap<>();
        Instant latest = null;
        boolean allDated = true;
        List<String> accounts = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        String incompleteness = null;
        for (Path file : files) {
            RegistryExport.Snapshot read;
            long started = System.nanoTime();
            try {
                // Read and parsed in one pass, as the bytes come (a large file's two halves on two threads): the
                // file is never held whole.
                read = SplitRead.read(
                        file, MAX_FILE_BYTES, file.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
                reads.add(new Read(
                        file,
                        read.repositories().stream()
                                .mapToInt(r -> r.images().size())
                                .sum(),
                        (System.nanoTime() - started) / 1_000_000));
            } catch (InputFile.UnreadableException e) {
                throw invalid(file, e.getMessage());
            } catch (FormatException e) {
                throw invalid(file, e.getMessage());
            } catch (IOException e) {
                throw invalid(file, InputFile.unreadable(e).getMessage());
            }
            if (read.exportedAt() == null) {
                allDated = false;
            } else if (latest == null || read.exportedAt().isAfter(latest)) {
                latest = read.exportedAt();
            }
            accounts.add(read.registryId());
            regions.add(read.region());
            if (read.isPartial() && incompleteness == null) {
                incompleteness = "snapshot file '" + file + "' is an export written with filters (" + read.filters()
                        + ") and lists only some images; plans need every image: export with 'ecrsweep list --images --all -o json'";
            }
            for (RepositoryData data : read.repositories()) {
                Path first = origin.putIfAbsent(data.repository().name(), file);
                if (first != null) {
                    throw invalid(file, "repository '" + data.repository().name() + "' is also in " + first);
                }
                repositories.put(data.repository().name(), data);
            }
        }
        return new SnapshotRegistry(
                repositories,
                List.copyOf(files),
                allDated ? latest : null,
                new Location(same(accounts), same(regions)),
                incompleteness,
                List.copyOf(reads));
    }

    /** The value every file agrees on, or null when one does not say or they differ. */
    private static String same(List<String> values) {
        String first = values.isEmpty() ? null : values.get(0);
        return first != null && values.stream().allMatch(v -> Objects.equals(v, first)) ? first : null;
    }

    private static RegistryException invalid(Path file, String message) {
        return new RegistryException(Kind.INVALID_SNAPSHOT, "invalid snapshot file '" + file + "': " + message);
    }

    @Override
    public List<Repository> listRepositories() {
        return repositories.values().stream().map(RepositoryData::repository).toList();
    }

    @Override
    public List<Image> listImages(String repository) {
        return data(repository).images();
    }

    @Override
    public Map<Digest, Image> describeImages(String repository, List<Digest> digests) {
        throw readOnly();
    }

    @Override
    public Optional<String> getLifecyclePolicy(String repository) {
        return Optional.ofNullable(data(repository).lifecyclePolicyText());
    }

    @Override
    public void putLifecyclePolicy(String repository, String policyText) {
        throw readOnly();
    }

    @Override
    public List<DeleteOutcome> deleteImages(String repository, List<Digest> digests) {
        throw readOnly();
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public Location location() {
        return location;
    }

    /** When every file is an ecrsweep export: the latest export time, the moment the snapshot shows. */
    @Override
    public Optional<Instant> capturedAt() {
        return Optional.ofNullable(capturedAt);
    }

    @Override
    public Optional<String> incompleteness() {
        return Optional.ofNullable(incompleteness);
    }

    @Override
    public String describe() {
        String what = files.size() == 1 ? "snapshot " + files.get(0) : files.size() + " snapshot files";
        return location.account() == null && location.region() == null ? what : what + " of " + location.describe();
    }

    @Override
    public void close() {}

    private RepositoryData data(String repository) {
        RepositoryData data = repositories.get(repository);
        if (data == null) {
            throw new RegistryException(
                    Kind.REPOSITORY_NOT_FOUND,
                    repository,
                    null,
                    null,
                    "repository '" + repository + "' is not in " + describe(),
                    null);
        }
        return data;
    }

    private static RegistryException readOnly() {
        return new RegistryException(
                Kind.READ_ONLY, "snapshots are read-only: plans from --snapshot are always dry runs");
    }
}
