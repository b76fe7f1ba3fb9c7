package io.github.ecrsweep.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One manifest in a repository, as DescribeImages reports it, plus the child digests of an index
 * (read from its manifest) so that the image graph is complete.
 *
 * @param digest               the manifest digest
 * @param tags                 the image's tags; empty when untagged
 * @param pushedAt             {@code imagePushedAt}
 * @param sizeInBytes          {@code imageSizeInBytes}; for an index, ECR reports its largest child's size
 * @param manifestMediaType    {@code imageManifestMediaType}, may be null
 * @param artifactMediaType    {@code artifactMediaType}, may be null
 * @param lastRecordedPullTime {@code lastRecordedPullTime}, null when never pulled
 * @param status               {@code imageStatus}
 * @param lastArchivedAt       {@code lastArchivedAt}, null when never archived
 * @param lastActivatedAt      {@code lastActivatedAt}, null when never restored
 * @param subjectDigest        {@code subjectManifestDigest} of an OCI referrer, null otherwise
 * @param childDigests         the manifests an index lists; empty for anything else
 */
public record Image(
        Digest digest,
        List<String> tags,
        Instant pushedAt,
        long sizeInBytes,
        String manifestMediaType,
        String artifactMediaType,
        Instant lastRecordedPullTime,
        ImageStatus status,
        Instant lastArchivedAt,
        Instant lastActivatedAt,
        Digest subjectDigest,
        List<Digest> childDigests) {

    // cosign stores signatures, attestations and SBOMs as tags derived from the subject's digest.
    private static final Pattern COSIGN_TAG = Pattern.compile("([a-z0-9]+)-([a-f0-9]{32,})\\.(sig|att|sbom)");

    public Image {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(pushedAt, "pushedAt");
        Objects.requireNonNull(status, "status");
        tags = tags == null ? List.of() : List.copyOf(tags);
        childDigests = childDigests == null ? List.of() : List.copyOf(childDigests);
        manifestMediaType = MediaTypes.shared(manifestMediaType);
        artifactMediaType = MediaTypes.shared(artifactMediaType);
        if (sizeInBytes < 0) {
            throw new IllegalArgumentException("sizeInBytes must not be negative: " + sizeInBytes);
        }
    }

    public static Builder builder(Digest digest, Instant pushedAt) {
        return new Builder(digest, pushedAt);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean isTagged() {
        return !tags.isEmpty();
    }

    /**
     * An OCI image index or Docker manifest list, by media type or by the children it lists. The constructor keeps
     * one string per common media type ({@link MediaTypes#shared}), so an index's type is one of the two by
     * identity: a plan asks this of every image several times, and reading the type's characters each time was
     * a tenth of a 100,000-image plan.
     */
    public boolean isIndex() {
        String type = manifestMediaType;
        return type == MediaTypes.OCI_INDEX || type == MediaTypes.DOCKER_MANIFEST_LIST || !childDigests.isEmpty();
    }

    /**
     * An index whose children are not known: its media type says index and none of its manifest was read (a
     * snapshot without manifests). Any untagged manifest of the repository may be one of its children.
     */
    public boolean childrenUnknown() {
        return isIndex() && childDigests.isEmpty();
    }

    /** The storage class lifecycle rules see; empty while a restore is in progress. */
    public Optional<StorageClass> storageClass() {
        return status.storageClass();
    }

    /**
     * The image this one refers to through the OCI {@code subject} field ({@code subjectManifestDigest}):
     * the only link between a referrer and its subject that ECR's lifecycle knows. "When reference
     * artifacts are present, lifecycle automatically expires or archives those artifacts within 24 hours
     * of the deletion or archival of the subject image"
     * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html).
     */
    public Optional<Digest> subject() {
        return Optional.ofNullable(subjectDigest);
    }

    /**
     * For a signature, attestation or SBOM stored in cosign's tag scheme ({@code sha256-<hex>.sig},
     * {@code .att}, {@code .sbom}) and tagged with nothing else: the digest its tags name. To ECR such an
     * image is an ordinary tagged image; only ecrsweep's {@code --orphaned-signatures} looks at this.
     */
    public Optional<Digest> cosignSubject() {
        Digest found = null;
        // Indexed: no iterator for each image's look (the client compiler keeps none off the heap).
        for (int i = 0; i < tags.size(); i++) {
            Matcher m = cosignTag(tags.get(i));
            if (m == null) {
                return Optional.empty();
            }
            Digest d = new Digest(m.group(1), m.group(2));
            if (found != null && !found.equals(d)) {
                return Optional.empty(); // tags naming two subjects: not a plain cosign artifact
            }
            found = d;
        }
        return Optional.ofNullable(found);
    }

    // A cheap test first: most tags are not cosign tags, and a regular expression per tag is costly at 100,000 images.
    private static Matcher cosignTag(String tag) {
        if (!tag.endsWith(".sig") && !tag.endsWith(".att") && !tag.endsWith(".sbom")) {
            return null;
        }
        Matcher m = COSIGN_TAG.matcher(tag);
        return m.matches() ? m : null;
    }

    /** The time lifecycle rules age an image from: the restore time if it was ever restored, else the push time. */
    public Instant effectivePushTime() {
        return lastActivatedAt != null ? lastActivatedAt : pushedAt;
    }

    /** Whether the image was pushed, or last restored, before {@code cutoff}: the age lifecycle rules and ecrsweep go by. */
    public boolean pushedBefore(Instant cutoff) {
        return effectivePushTime().isBefore(cutoff);
    }

    /**
     * The bytes the image stores of its own, which removing or moving it frees. ECR reports an index's size
     * as its largest child's ("the max size of all manifests in the list", ImageDetail in the ECR API
     * reference), and its children are images of the same repository that count for themselves; so an
     * index counts 0, whether its children are known or not.
     */
    public long storedBytes() {
        return isIndex() ? 0 : sizeInBytes;
    }

    /** The time {@code sinceImagePulled} ages from: the last pull since the last restore, else {@link #effectivePushTime()}. */
    public Instant pullReferenceTime() {
        if (lastRecordedPullTime == null) {
            return effectivePushTime();
        }
        if (lastActivatedAt != null && lastRecordedPullTime.isBefore(lastActivatedAt)) {
            return lastActivatedAt;
        }
        return lastRecordedPullTime;
    }

    /** Builds images; only the digest and push time are required. */
    public static final class Builder {
        private Digest digest;
        private List<String> tags = List.of();
        private Instant pushedAt;
        private long sizeInBytes;
        private String manifestMediaType;
        private String artifactMediaType;
        private Instant lastRecordedPullTime;
        private ImageStatus status = ImageStatus.ACTIVE;
        private Instant lastArchivedAt;
        private Instant lastActivatedAt;
        private Digest subjectDigest;
        private List<Digest> childDigests = List.of();

        private Builder(Digest digest, Instant pushedAt) {
            this.digest = digest;
            this.pushedAt = pushedAt;
        }

        private Builder(Image i) {
            this(i.digest, i.pushedAt);
            tags = i.tags;
            sizeInBytes = i.sizeInBytes;
            manifestMediaType = i.manifestMediaType;
            artifactMediaType = i.artifactMediaType;
            lastRecordedPullTime = i.lastRecordedPullTime;
            status = i.status;
            lastArchivedAt = i.lastArchivedAt;
            lastActivatedAt = i.lastActivatedAt;
            subjectDigest = i.subjectDigest;
            childDigests = i.childDigests;
        }

        public Builder digest(Digest value) {
            digest = value;
            return this;
        }

        public Builder tags(List<String> value) {
            tags = value;
            return this;
        }

        public Builder tags(String... value) {
            tags = List.of(value);
            return this;
        }

        public Builder pushedAt(Instant value) {
            pushedAt = value;
            return this;
        }

        public Builder sizeInBytes(long value) {
            sizeInBytes = value;
            return this;
        }

        public Builder manifestMediaType(String value) {
            manifestMediaType = value;
            return this;
        }

        public Builder artifactMediaType(String value) {
            artifactMediaType = value;
            return this;
        }

        public Builder lastRecordedPullTime(Instant value) {
            lastRecordedPullTime = value;
            return this;
        }

        public Builder status(ImageStatus value) {
            status = value;
            return this;
        }

        public Builder lastArchivedAt(Instant value) {
            lastArchivedAt = value;
            return this;
        }

        public Builder lastActivatedAt(Instant value) {
            lastActivatedAt = value;
            return this;
        }

        public Builder subjectDigest(Digest value) {
            subjectDigest = value;
            return this;
        }

        public Builder childDigests(List<Digest> value) {
            childDigests = value;
            return this;
        }

        public Image build() {
            return new Image(
                    digest,
                    tags,
                    pushedAt,
                    sizeInBytes,
                    manifestMediaType,
                    artifactMediaType,
                    lastRecordedPullTime,
                    status,
                    lastArchivedAt,
                    lastActivatedAt,
                    subjectDigest,
                    childDigests);
        }
    }
}
