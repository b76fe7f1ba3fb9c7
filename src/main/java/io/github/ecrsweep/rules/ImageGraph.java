package io.github.ecrsweep.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One repository's images and how they hang together: index to children, subject to referrers.
 * Only edges between images present in the repository exist; a referrer whose subject is absent is
 * an orphan, and a child whose indexes are all absent is a standalone image.
 */
public final class ImageGraph {

    private final Map<Digest, Image> byDigest;
    private final Map<Digest, List<Image>> parents = new HashMap<>();
    private final Map<Digest, List<Image>> children = new HashMap<>();
    private final Map<Digest, List<Image>> referrers = new HashMap<>();

    private ImageGraph(Map<Digest, Image> byDigest) {
        this.byDigest = byDigest;
        for (Image image : byDigest.values()) {
            for (Digest child : image.childDigests()) {
                Image c = byDigest.get(child);
                if (c != null && !c.digest().equals(image.digest())) {
                    parents.computeIfAbsent(child, k -> new ArrayList<>()).add(image);
                    children.computeIfAbsent(image.digest(), k -> new ArrayList<>()).add(c);
                }
            }
            image.subject().filter(byDigest::containsKey).filter(s -> !s.equals(image.digest()))
                    .ifPresent(s -> referrers.computeIfAbsent(s, k -> new ArrayList<>()).add(image));
        }
    }

    /** Builds the graph; every digest must appear once. */
    public static ImageGraph of(Collection<Image> images) {
        Map<Digest, Image> byDigest = new LinkedHashMap<>();
        for (Image image : images) {
            if (byDigest.putIfAbsent(image.digest(), image) != null) {
                throw new IllegalArgumentException("image listed twice: " + image.digest());
            }
        }
        return new ImageGraph(byDigest);
    }

    public Collection<Image> images() {
        return Collections.unmodifiableCollection(byDigest.values());
    }

    public Optional<Image> get(Digest digest) {
        return Optional.ofNullable(byDigest.get(digest));
    }

    /** The indexes in this repository that list the image. */
    public List<Image> parentsOf(Image image) {
        return parents.getOrDefault(image.digest(), List.of());
    }

    /** The children of an index that are present in this repository. */
    public List<Image> childrenOf(Image image) {
        return children.getOrDefault(image.digest(), List.of());
    }

    /** The signatures, attestations and SBOMs in this repository that refer to the image. */
    public List<Image> referrersOf(Image image) {
        return referrers.getOrDefault(image.digest(), List.of());
    }

    /** The image's subject, when it is a referrer and its subject is present. */
    public Optional<Image> subjectOf(Image image) {
        return image.subject().filter(s -> !s.equals(image.digest())).map(byDigest::get);
    }

    /** A referrer whose subject is not in the repository. */
    public boolean isOrphanReferrer(Image image) {
        return image.subject().isPresent() && subjectOf(image).isEmpty();
    }

    public ImageKind kindOf(Image image) {
        if (image.isIndex()) {
            return ImageKind.INDEX;
        }
        if (image.subject().isPresent()) {
            return ImageKind.REFERRER;
        }
        if (!parentsOf(image).isEmpty()) {
            return ImageKind.CHILD;
        }
        return ImageKind.IMAGE;
    }

    /**
     * The bytes removing or moving this image frees. ECR reports an index's size as its largest child's,
     * so an index whose children are present counts 0 and its children count for themselves.
     */
    public long bytesOf(Image image) {
        return image.isIndex() && !childrenOf(image).isEmpty() ? 0 : image.sizeInBytes();
    }
}
