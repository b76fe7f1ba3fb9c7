package io.github.ecrsweep.cli;

import io.github.ecrsweep.registry.DeleteOutcome;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.registry.SkipReason;
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
import java.util.function.BiConsumer;

/** A writable registry in memory that records every change, for running commands for real in tests. */
public final class MemoryRegistry implements Registry {

    public final Map<String, List<Image>> images = Collections.synchronizedMap(new TreeMap<>());
    final Map<String, String> policies = Collections.synchronizedMap(new HashMap<>());
    /** Every deletion call: repository and digests, in call order. */
    public final List<Map.Entry<String, List<Digest>>> deletions = Collections.synchronizedList(new ArrayList<>());

    public final List<String> puts = Collections.synchronizedList(new ArrayList<>());
    /** Failure codes to report per digest. */
    public final Map<Digest, String> deleteFailures = new HashMap<>();
    /** Repositories whose PutLifecyclePolicy fails. */
    final Map<String, RegistryException> putFailures = new HashMap<>();
    /** Runs before each deletion call, with the repository and digests asked: a change made "meanwhile". */
    public BiConsumer<String, List<Digest>> beforeDelete = (repository, digests) -> {};
    /** What the caller gets of each deletion call's answer: all of it, or a lost answer turned into failures. */
    public java.util.function.UnaryOperator<List<DeleteOutcome>> answer = outcomes -> outcomes;

    /** What the AWS registry throws for a call ECR throttled through every attempt: for hooks that throttle. */
    public static RegistryException throttled(String repository, String operation) {
        return new RegistryException(
                RegistryException.Kind.THROTTLED,
                repository,
                operation,
                "ThrottlingException",
                "ECR kept throttling " + operation + " after 3 attempts",
                null);
    }

    /** Runs before each DescribeImages of given digests, with the repository and digests asked. */
    public BiConsumer<String, List<Digest>> beforeDescribe = (repository, digests) -> {};

    /** Every re-read of images before a deletion: repository and digests, in call order. */
    public final List<Map.Entry<String, List<Digest>>> describes = Collections.synchronizedList(new ArrayList<>());

    public Location location = new Location("123456789012", "eu-west-1");
    int calls;
    /** How often the whole registry was listed, and how often index manifests were read. */
    int listings;

    int imageListings;
    int manifestReads;

    public MemoryRegistry() {}

    /** One repository holding these images. */
    public static MemoryRegistry with(String repository, List<Image> images) {
        MemoryRegistry r = new MemoryRegistry();
        r.images.put(repository, new ArrayList<>(images));
        return r;
    }

    public static MemoryRegistry of(Path export) {
        try {
            MemoryRegistry r = new MemoryRegistry();
            for (RepositoryData data :
                    RegistryExport.read(Files.readString(export), "snapshot").repositories()) {
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
        images.forEach((repo, list) ->
                result.put(repo, list.stream().map(Image::digest).toList()));
        return result;
    }

    @Override
    public synchronized List<Repository> listRepositories() {
        calls++;
        listings++;
        return images.keySet().stream().map(Repository::named).toList();
    }

    /** By name, as ECR's DescribeRepositories with repositoryNames: the registry is not listed. */
    @Override
    public synchronized List<Repository> findRepositories(java.util.Collection<String> names) {
        calls++;
        return images.keySet().stream()
                .filter(names::contains)
                .map(n -> new Repository(n, null, null, location.account()))
                .toList();
    }

    @Override
    public synchronized List<Image> listImages(String repository) {
        calls++;
        imageListings++;
        if (!indexChildrenFromManifests) {
            return List.copyOf(existing(repository));
        }
        return existing(repository).stream()
                .map(i -> i.toBuilder().childDigests(List.of()).build())
                .toList();
    }

    /** As ECR: DescribeImages does not say an index's children; only reading its manifest does. */
    public boolean indexChildrenFromManifests;

    /** Every index whose manifest was read, in order. */
    public final List<Digest> manifestsRead = Collections.synchronizedList(new ArrayList<>());

    @Override
    public synchronized Map<Digest, List<Digest>> readIndexChildren(String repository, List<Digest> indexes) {
        calls++;
        manifestReads++;
        manifestsRead.addAll(indexes);
        Map<Digest, List<Digest>> children = new LinkedHashMap<>();
        for (Image i : existing(repository)) {
            if (indexes.contains(i.digest()) && !i.childDigests().isEmpty()) {
                children.put(i.digest(), i.childDigests());
            }
        }
        return children;
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
    public synchronized Map<Digest, Image> describeImages(String repository, List<Digest> digests) {
        calls++;
        describes.add(Map.entry(repository, List.copyOf(digests)));
        beforeDescribe.accept(repository, digests);
        Map<Digest, Image> found = new LinkedHashMap<>();
        for (Image i : existing(repository)) {
            if (digests.contains(i.digest())) {
                found.put(i.digest(), i);
            }
        }
        return found;
    }

    /** Gives an image a tag, as a push of that tag would. */
    public synchronized void tag(String repository, Digest digest, String tag) {
        List<Image> list = existing(repository);
        for (int k = 0; k < list.size(); k++) {
            Image i = list.get(k);
            if (i.digest().equals(digest)) {
                List<String> tags = new ArrayList<>(i.tags());
                tags.add(tag);
                list.set(k, i.toBuilder().tags(tags).build());
            }
        }
    }

    /** Every tag-removal call: repository and tags, in call order. */
    public final List<Map.Entry<String, List<String>>> tagRemovals = Collections.synchronizedList(new ArrayList<>());
    /** Runs before each tag-removal call, with the repository and tags asked. */
    public BiConsumer<String, List<String>> beforeRemoveTags = (repository, tags) -> {};

    /** Removes tags as ECR's BatchDeleteImage by tag does: an image whose last tag goes is deleted with it. */
    @Override
    public synchronized List<io.github.ecrsweep.registry.TagRemoval> removeTags(String repository, List<String> tags) {
        calls++;
        beforeRemoveTags.accept(repository, tags);
        tagRemovals.add(Map.entry(repository, List.copyOf(tags)));
        List<io.github.ecrsweep.registry.TagRemoval> answered = new ArrayList<>();
        List<Image> list = existing(repository);
        for (String tag : tags) {
            int at = -1;
            for (int k = 0; k < list.size() && at < 0; k++) {
                if (list.get(k).tags().contains(tag)) {
                    at = k;
                }
            }
            if (at < 0) {
                answered.add(io.github.ecrsweep.registry.TagRemoval.failed(
                        tag, "ImageNotFound", "Requested image not found"));
                continue;
            }
            Image image = list.get(at);
            List<String> left = new ArrayList<>(image.tags());
            left.remove(tag);
            if (left.isEmpty()) {
                list.remove(at);
            } else {
                list.set(at, image.toBuilder().tags(left).build());
            }
            answered.add(io.github.ecrsweep.registry.TagRemoval.removed(tag, image.digest()));
        }
        return answered;
    }

    /** The repositories whose policy was deleted, in order. */
    public final List<String> policyDeletions = Collections.synchronizedList(new ArrayList<>());

    @Override
    public synchronized void deleteLifecyclePolicy(String repository) {
        calls++;
        existing(repository);
        RegistryException failure = putFailures.get(repository);
        if (failure != null) {
            throw failure;
        }
        policyDeletions.add(repository);
        policies.remove(repository);
    }

    /** The images archived, in order. */
    public final List<Digest> archived = Collections.synchronizedList(new ArrayList<>());

    /** Runs before each archive call, with the repository and digest asked. */
    public BiConsumer<String, Digest> beforeArchive = (repository, digest) -> {};

    /** Archives as UpdateImageStorageClass does: the image's status becomes ARCHIVED. */
    @Override
    public synchronized DeleteOutcome archiveImage(String repository, Digest digest) {
        calls++;
        beforeArchive.accept(repository, digest);
        List<Image> list = existing(repository);
        for (int k = 0; k < list.size(); k++) {
            if (list.get(k).digest().equals(digest)) {
                list.set(
                        k,
                        list.get(k).toBuilder()
                                .status(io.github.ecrsweep.rules.ImageStatus.ARCHIVED)
                                .lastArchivedAt(java.time.Instant.parse("2026-11-28T12:00:00Z"))
                                .build());
                archived.add(digest);
                return DeleteOutcome.archived(digest);
            }
        }
        return DeleteOutcome.failed(digest, "ImageNotFoundException", "Requested image not found");
    }

    /** Deletes by digest as ECR does: tags and all, confirming each image deleted with its tags. */
    @Override
    public synchronized List<DeleteOutcome> deleteImages(String repository, List<Digest> digests) {
        calls++;
        beforeDelete.accept(repository, digests);
        deletions.add(Map.entry(repository, List.copyOf(digests)));
        List<DeleteOutcome> outcomes = new ArrayList<>();
        for (Digest d : digests) {
            String code = deleteFailures.get(d);
            Image image = existing(repository).stream()
                    .filter(i -> i.digest().equals(d))
                    .findFirst()
                    .orElse(null);
            if (code != null) {
                outcomes.add(DeleteOutcome.failed(d, code, code + " for " + d));
            } else if (image == null) {
                outcomes.add(DeleteOutcome.skipped(d, SkipReason.GONE_SINCE_PLAN, "Requested image not found"));
            } else {
                existing(repository).remove(image);
                outcomes.add(DeleteOutcome.deleted(d, image.tags()));
            }
        }
        return answer.apply(outcomes);
    }

    @Override
    public Location location() {
        return location;
    }

    private List<Image> existing(String repository) {
        List<Image> list = images.get(repository);
        if (list == null) {
            throw new RegistryException(
                    RegistryException.Kind.REPOSITORY_NOT_FOUND,
                    repository,
                    "DescribeImages",
                    "RepositoryNotFoundException",
                    "repository '" + repository + "' not found",
                    null);
        }
        return list;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String describe() {
        return location.describe();
    }

    @Override
    public void close() {}
}
