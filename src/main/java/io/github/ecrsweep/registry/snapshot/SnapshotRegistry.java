package io.github.ecrsweep.registry.snapshot;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.RegistryException.Kind;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.snapshot.RegistryExport.FormatException;
import io.github.ecrsweep.registry.snapshot.RegistryExport.RepositoryData;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A read-only registry loaded from snapshot files: ecrsweep exports and {@code aws ecr describe-images} output. */
public final class SnapshotRegistry implements Registry {

    private final Map<String, RepositoryData> repositories;
    private final List<Path> files;
    private final Instant capturedAt;

    private SnapshotRegistry(Map<String, RepositoryData> repositories, List<Path> files, Instant capturedAt) {
        this.repositories = repositories;
        this.files = files;
        this.capturedAt = capturedAt;
    }

    /** Loads every file; an unreadable or invalid one fails with a message naming the file and the place. */
    public static SnapshotRegistry load(List<Path> files) {
        Map<String, RepositoryData> repositories = new TreeMap<>();
        Map<String, Path> origin = new TreeMap<>();
        Instant latest = null;
        boolean allDated = true;
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw invalid(file, "no such file");
            } catch (IOException e) {
                throw invalid(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            RegistryExport.Snapshot read;
            try {
                read = RegistryExport.read(text, stem);
            } catch (FormatException e) {
                throw invalid(file, e.getMessage());
            }
            if (read.exportedAt() == null) {
                allDated = false;
            } else if (latest == null || read.exportedAt().isAfter(latest)) {
                latest = read.exportedAt();
            }
            for (RepositoryData data : read.repositories()) {
                Path first = origin.putIfAbsent(data.repository().name(), file);
                if (first != null) {
                    throw invalid(file, "repository '" + data.repository().name() + "' is also in " + first);
                }
                repositories.put(data.repository().name(), data);
            }
        }
        return new SnapshotRegistry(repositories, List.copyOf(files), allDated ? latest : null);
    }

    private static RegistryException invalid(Path file, String message) {
        return new RegistryException(Kind.INVALID_SNAPSHOT, null, null, null,
                "invalid snapshot file '" + file + "': " + message, null);
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

    /** When every file is an ecrsweep export: the latest export time, the moment the snapshot shows. */
    @Override
    public Optional<Instant> capturedAt() {
        return Optional.ofNullable(capturedAt);
    }

    @Override
    public String describe() {
        return files.size() == 1 ? "snapshot " + files.get(0) : files.size() + " snapshot files";
    }

    @Override
    public void close() {
    }

    private RepositoryData data(String repository) {
        RepositoryData data = repositories.get(repository);
        if (data == null) {
            throw new RegistryException(Kind.REPOSITORY_NOT_FOUND, repository, null, null,
                    "repository '" + repository + "' is not in " + describe(), null);
        }
        return data;
    }

    private static RegistryException readOnly() {
        return new RegistryException(Kind.READ_ONLY, "snapshots are read-only: plans from --snapshot are always dry runs");
    }
}
