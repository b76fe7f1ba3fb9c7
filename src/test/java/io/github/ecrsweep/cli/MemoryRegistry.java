package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.snapshot.RegistryExport;
import io.github.ecrsweep.registry.snapshot.RegistryExport.RepositoryData;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A writable registry in memory that records every change, for running commands for real in tests. */
final class MemoryRegistry implements Registry {

    final Map<String, List<Image>> images = Collections.synchronizedMap(new TreeMap<>());
    final Map<String, String> policies = Collections.synchronizedMap(new HashMap<>());
    /** Every deletion call: repository and digests, in call order. */
    final List<Map.Entry<String, List<Digest>>> deletions = Collections.synchronizedList(new ArrayList<>());
    final List<String> puts = Collections.synchronizedList(new ArrayList<>());
    /** Failure codes to report per digest. */
    final Map<Digest, String> deleteFailures = new HashMap<>();
    /** Repositories whose PutLifecyclePolicy fails. */
    final Map<String, RegistryException> putFailures = new HashMap<>();
    int calls;

    static MemoryRegistry of(Path export) {
        try {
            MemoryRegistry r = new MemoryRegistry();
            for (RepositoryData data : RegistryExport.read(Files.readString(export), "snapshot").repositories()) {
                r.images.put(data.repository().name(), new ArrayList<>(data.images()));
                if (data.lifecyclePolicyText() != null) {
                    r.policies.put(data.repository().name(), data.lifecyclePolicyText());
                }
            }
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, List<Digest>> digests() {
        Map<String, List<Digest>> result = new LinkedHashMap<>();
        images.forEach((repo, list) -> result.put(repo, list.stream().map(Image::digest).toList()));
        return result;
    }

    @Override
    public synchronized List<Repository> listRepositories() {
        calls++;
        return images.keySet().stream().map(Repository::named).toList();
    }

    @Override
    public synchronized List<Image> listImages(String repository) {
        calls++;
        return List.copyOf(existing(repository));
    }

    @Override
    public synchronized Optional<String> getLifecyclePolicy(String repository) {
        calls++;
        existing(repository);
        return Optional.ofNullable(policies.get(repository));
    }

    @Override
    public synchronized void putLifecyclePolicy(String repository, String policyText) {
        calls++;
        existing(repository);
        RegistryException failure = putFailures.get(repository);
        if (failure != null) {
            throw failure;
        }
        puts.add(repository);
        policies.put(repository, policyText);
    }

    @Override
    public synchronized List<DeleteOutcome> deleteImages(String repository, List<Digest> digests) {
        calls++;
        deletions.add(Map.entry(repository, List.copyOf(digests)));
        List<DeleteOutcome> outcomes = new ArrayList<>();
        for (Digest d : digests) {
            String code = deleteFailures.get(d);
            if (code != null) {
                outcomes.add(DeleteOutcome.failed(d, code, code + " for " + d));
            } else {
                existing(repository).removeIf(i -> i.digest().equals(d));
                outcomes.add(DeleteOutcome.deleted(d));
            }
        }
        return outcomes;
    }

    private List<Image> existing(String repository) {
        List<Image> list = images.get(repository);
        if (list == null) {
            throw new RegistryException(RegistryException.Kind.REPOSITORY_NOT_FOUND, repository, "DescribeImages",
                    "RepositoryNotFoundException", "repository '" + repository + "' not found", null);
        }
        return list;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String describe() {
        return "memory registry";
    }

    @Override
    public void close() {
    }
}
