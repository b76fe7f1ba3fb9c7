package io.github.ecrsweep.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One repository's images and how they hang together: index to children, subject to referrers.
 * Only edges between images present in the repository exist; a referrer whose subject is absent is
 * an orphan, and a child whose indexes are all absent is a standalone image. A referrer is an image
 * with an OCI {@code subject} ({@code subjectManifestDigest}), the only link ECR knows; an image tagged
 * in cosign's {@code sha256-<hex>.sig} scheme is an ordinary tagged image here, of kind signature.
 *
 * <p>Images are held newest first ({@link #NEWEST_FIRST}) and numbered in that order, so the planners
 * can work on arrays and rank candidates without sorting again.
 */
public final class ImageGraph {

    /**
     * The order lifecycle rules rank images in: by effective push time, newest first. ECR does not say
     * how it breaks ties; the digest makes the order, and so every plan, stable.
     */
    public static final Comparator<Image> NEWEST_FIRST = Comparator.comparingLong(ImageGraph::sortKey)
            .thenComparing(Image::digest)
            .reversed();

    private static final int[] NONE = new int[0];

    private final Image[] images;
    /**
     * Positions by digest, open addressing over the digests' hashes (-1 for an empty slot): a map of 100,000
     * digests to boxed positions cost a fifth of building the graph.
     */
    private final int[] slots;

    private final int shift;
    private final int[][] parents;
    private final int[][] children;
    private final int[][] referrers;
    /** The position of the image's subject, or -1 when it has none in this repository. */
    private final int[] subject;

    private final boolean[] referrer;
    /** Indexes whose children are not known (a snapshot without manifests): any untagged manifest may be theirs. */
    private final int[] opaqueIndexes;

    private ImageGraph(Image[] images) {
        int n = images.length;
        this.images = images;
        int bits = Math.max(1, 33 - Integer.numberOfLeadingZeros(Math.max(1, n)));
        this.slots = new int[1 << bits];
        this.shift = 32 - bits;
        Arrays.fill(slots, -1);
        for (int i = 0; i < n; i++) {
            Digest digest = images[i].digest();
            int at = slot(digest);
            if (slots[at] >= 0) {
                throw new IllegalArgumentException("image listed twice: " + digest);
            }
            slots[at] = i;
        }
        List<List<Integer>> parentLists = new ArrayList<>(n);
        List<List<Integer>> referrerLists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parentLists.add(null);
            referrerLists.add(null);
        }
        this.children = new int[n][];
        this.subject = new int[n];
        this.referrer = new boolean[n];
        for (int i = 0; i < n; i++) {
            Image image = images[i];
            children[i] = NONE;
            if (!image.childDigests().isEmpty()) {
                int self = i;
                int[] found = image.childDigests().stream()
                        .mapToInt(this::position)
                        .filter(c -> c >= 0 && c != self)
                        .distinct()
                        .toArray();
                children[i] = found;
                for (int c : found) {
                    add(parentLists, c, i);
                }
            }
            Optional<Digest> s = image.subject();
            referrer[i] = s.isPresent();
            int at = s.isPresent() ? position(s.get()) : -1;
            subject[i] = at == i ? -1 : at;
            if (subject[i] >= 0) {
                add(referrerLists, subject[i], i);
            }
        }
        this.parents = toArrays(parentLists);
        this.referrers = toArrays(referrerLists);
        List<Integer> opaque = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (images[i].childrenUnknown()) {
                opaque.add(i);
            }
        }
        this.opaqueIndexes = opaque.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Builds the graph; every digest must appear once. */
    public static ImageGraph of(Collection<Image> images) {
        return new ImageGraph(sorted(images));
    }

    /** The images in the graph's order ({@link #NEWEST_FIRST}): what {@link #ofSorted} takes. */
    static Image[] sorted(Collection<Image> images) {
        return newestFirst(images.toArray(Image[]::new));
    }

    /** The graph of images {@link #sorted} returned, taken as they are. */
    static ImageGraph ofSorted(Image[] sorted) {
        return new ImageGraph(sorted);
    }

    // ECR reports times in milliseconds; ranking at that precision lets the sort run on primitives.
    private static long sortKey(Image image) {
        return image.effectivePushTime().toEpochMilli();
    }

    private static final int INDEX_BITS = 21;

    private static final Comparator<Image> DIGEST_DESCENDING =
            (a, b) -> b.digest().compareTo(a.digest());

    /**
     * Sorts in {@link #NEWEST_FIRST} order. A comparator sort of 100,000 records costs more than the
     * whole evaluation should, so the time and position are packed into one long and sorted as
     * primitives; only runs of equal times are then ordered by digest.
     */
    private static Image[] newestFirst(Image[] images) {
        int n = images.length;
        long[] keys = new long[n];
        boolean packable = n < (1 << INDEX_BITS);
        for (int i = 0; i < n && packable; i++) {
            long t = sortKey(images[i]);
            packable = t >= 0 && t < (1L << (63 - INDEX_BITS));
            keys[i] = (t << INDEX_BITS) | i;
        }
        if (!packable) {
            Image[] sorted = images.clone();
            Arrays.sort(sorted, NEWEST_FIRST);
            return sorted;
        }
        Arrays.sort(keys);
        Image[] sorted = new Image[n];
        int out = 0;
        for (int end = n; end > 0; ) {
            long time = keys[end - 1] >>> INDEX_BITS;
            int start = end - 1;
            while (start > 0 && keys[start - 1] >>> INDEX_BITS == time) {
                start--;
            }
            int from = out;
            for (int k = start; k < end; k++) {
                sorted[out++] = images[(int) (keys[k] & ((1L << INDEX_BITS) - 1))];
            }
            if (out - from > 1) {
                Arrays.sort(sorted, from, out, DIGEST_DESCENDING);
            }
            end = start;
        }
        return sorted;
    }

    private static void add(List<List<Integer>> lists, int at, int value) {
        if (lists.get(at) == null) {
            lists.set(at, new ArrayList<>(2));
        }
        lists.get(at).add(value);
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        int[][] result = new int[lists.size()][];
        for (int i = 0; i < result.length; i++) {
            List<Integer> l = lists.get(i);
            result[i] =
                    l == null ? NONE : l.stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /** The images, newest first. */
    public List<Image> images() {
        return List.of(images);
    }

    public int size() {
        return images.length;
    }

    public Optional<Image> get(Digest digest) {
        int i = position(digest);
        return i < 0 ? Optional.empty() : Optional.of(images[i]);
    }

    /** The indexes in this repository that list the image. */
    public List<Image> parentsOf(Image image) {
        return imagesAt(parents[at(image)]);
    }

    /** The children of an index that are present in this repository. */
    public List<Image> childrenOf(Image image) {
        return imagesAt(children[at(image)]);
    }

    /** The signatures, attestations and SBOMs in this repository that refer to the image. */
    public List<Image> referrersOf(Image image) {
        return imagesAt(referrers[at(image)]);
    }

    /** The image's subject, when it is a referrer and its subject is present. */
    public Optional<Image> subjectOf(Image image) {
        int s = subject[at(image)];
        return s < 0 ? Optional.empty() : Optional.of(images[s]);
    }

    /** A referrer whose subject is not in the repository. */
    public boolean isOrphanReferrer(Image image) {
        int i = at(image);
        return referrer[i] && subject[i] < 0;
    }

    public ImageKind kindOf(Image image) {
        return kindAt(at(image));
    }

    ImageKind kindAt(int i) {
        Image image = images[i];
        if (image.isIndex()) {
            return ImageKind.INDEX;
        }
        if (referrer[i]) {
            return ImageKind.REFERRER;
        }
        if (parents[i].length > 0) {
            return ImageKind.CHILD;
        }
        return image.cosignSubject().isPresent() ? ImageKind.SIGNATURE : ImageKind.IMAGE;
    }

    // Positional access for the planners in this package.

    Image at(int i) {
        return images[i];
    }

    int[] parents(int i) {
        return parents[i];
    }

    int[] children(int i) {
        return children[i];
    }

    int[] referrers(int i) {
        return referrers[i];
    }

    int subject(int i) {
        return subject[i];
    }

    boolean isReferrer(int i) {
        return referrer[i];
    }

    int[] opaqueIndexes() {
        return opaqueIndexes;
    }

    /**
     * Whether the image may be a child of an index whose children are unknown: a manifest that is neither an
     * index nor a referrer, in a repository holding such an index. Whether a known index lists it too does not
     * matter: "If an image is referenced by a manifest list, it cannot be expired or archived without the
     * manifest list being deleted or archived first" (ECR's lifecycle evaluation rules), and ECR refuses to
     * delete a manifest an index still lists.
     */
    boolean mayBeUnknownChild(int i) {
        Image image = images[i];
        return opaqueIndexes.length > 0 && !image.isIndex() && !referrer[i];
    }

    /** Whether an index whose children are unknown, other than {@code i}, is not gone by {@code acts}: it may list {@code i}. */
    boolean heldByUnknownIndex(int i, java.util.function.IntPredicate acts) {
        if (!mayBeUnknownChild(i)) {
            return false;
        }
        for (int index : opaqueIndexes) {
            if (index != i && !acts.test(index)) {
                return true;
            }
        }
        return false;
    }

    /** The position of the image with this digest, or -1 when the repository does not hold it. */
    int position(Digest digest) {
        return slots[slot(digest)];
    }

    /** The slot of {@code digest}: where it is, or the empty slot where it would go. */
    private int slot(Digest digest) {
        int mask = slots.length - 1;
        int at = (digest.hashCode() * 0x9E3779B9) >>> shift;
        while (slots[at] >= 0 && !images[slots[at]].digest().equals(digest)) {
            at = (at + 1) & mask;
        }
        return at;
    }

    private int at(Image image) {
        int i = position(image.digest());
        if (i < 0) {
            throw new IllegalArgumentException("not in this repository: " + image.digest());
        }
        return i;
    }

    private List<Image> imagesAt(int[] positions) {
        if (positions.length == 0) {
            return List.of();
        }
        Image[] result = new Image[positions.length];
        for (int k = 0; k < positions.length; k++) {
            result[k] = images[positions[k]];
        }
        return List.of(result);
    }
}
