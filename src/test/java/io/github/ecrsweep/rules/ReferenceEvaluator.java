package io.github.ecrsweep.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ECR's lifecycle evaluation written the plain way, straight from the documented rules
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html, "Lifecycle policy
 * evaluation rules"), with no regard for speed: sets and maps, quadratic loops, a fixed point. The
 * fast evaluator must decide the same action for every image.
 */
final class ReferenceEvaluator {

    private ReferenceEvaluator() {}

    /** The action per image: EXPIRE or TRANSITION for those acted on; absent for those kept. */
    static Map<Digest, DecisionAction> evaluate(LifecyclePolicy policy, List<Image> images, Instant now) {
        Map<Digest, Image> byDigest = new HashMap<>();
        images.forEach(i -> byDigest.put(i.digest(), i));
        Map<Digest, DecisionAction> marked = new HashMap<>();
        Set<Digest> claimed = new HashSet<>();
        List<Rule> rules = new ArrayList<>(policy.rules());
        rules.sort(Comparator.comparingInt(Rule::rulePriority));
        // "All rules are evaluated at the same time ... then applied based on rule priority."
        for (Rule rule : rules) {
            List<Image> candidates = new ArrayList<>();
            for (Image i : images) {
                if (rule.selection().isCandidate(i)) {
                    candidates.add(i);
                }
            }
            // "sorted from youngest to oldest"; ties by digest, as ecrsweep documents
            candidates.sort(Comparator.comparing(Image::effectivePushTime)
                    .thenComparing(Image::digest)
                    .reversed());
            for (int rank = 0; rank < candidates.size(); rank++) {
                Image i = candidates.get(rank);
                // "Rules can never mark images that are marked by higher priority rules" and "an image that
                // matches the tagging requirements of a rule cannot be expired ... by a rule with a lower priority"
                if (claimed.contains(i.digest()) || !isOver(rule.selection(), i, rank, now)) {
                    continue;
                }
                DecisionAction action = rule.action().decision();
                if (!(action == DecisionAction.EXPIRE && inArchiveMinimum(i, now))) {
                    marked.put(i.digest(), action);
                }
            }
            candidates.forEach(i -> claimed.add(i.digest()));
        }

        // "If an image is referenced by a manifest list, it cannot be expired or archived without the manifest
        // list being deleted or archived first"; a referrer stays while its subject stays. Until nothing changes.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Image i : images) {
                DecisionAction a = marked.get(i.digest());
                if (a == null) {
                    continue;
                }
                boolean blocked = false;
                for (Image p : images) {
                    if (p.childDigests().contains(i.digest())
                            && !p.digest().equals(i.digest())
                            && !permits(marked.get(p.digest()), a)) {
                        blocked = true;
                    }
                }
                Optional<Image> subject = i.subject().map(byDigest::get);
                if (subject.isPresent()
                        && !subject.get().digest().equals(i.digest())
                        && !permits(marked.get(subject.get().digest()), a)) {
                    blocked = true;
                }
                if (!blocked && mayBeUnknownChild(i, images, byDigest)) {
                    for (Image p : images) {
                        if (p.isIndex() && p.childDigests().isEmpty() && !permits(marked.get(p.digest()), a)) {
                            blocked = true;
                        }
                    }
                }
                if (blocked) {
                    marked.remove(i.digest());
                    changed = true;
                }
            }
        }

        // "lifecycle automatically expires or archives those [reference] artifacts ... of the subject image"
        changed = true;
        while (changed) {
            changed = false;
            for (Image r : images) {
                Image subject = r.subject().map(byDigest::get).orElse(null);
                if (subject == null
                        || subject == r
                        || marked.containsKey(r.digest())
                        || !marked.containsKey(subject.digest())) {
                    continue;
                }
                DecisionAction a = marked.get(subject.digest());
                boolean standard =
                        r.storageClass().filter(StorageClass.STANDARD::equals).isPresent();
                boolean parentsPermit = images.stream()
                        .filter(p -> p.childDigests().contains(r.digest()))
                        .allMatch(p -> permits(marked.get(p.digest()), a));
                if (parentsPermit && (a == DecisionAction.EXPIRE ? !inArchiveMinimum(r, now) : standard)) {
                    marked.put(r.digest(), a);
                    changed = true;
                }
            }
        }
        return marked;
    }

    private static boolean isOver(Selection s, Image i, int rank, Instant now) {
        return switch (s.countType()) {
            case IMAGE_COUNT_MORE_THAN -> rank >= s.countNumber();
            case SINCE_IMAGE_PUSHED -> olderThan(i.effectivePushTime(), s.countNumber(), now);
            case SINCE_IMAGE_PULLED -> olderThan(i.pullReferenceTime(), s.countNumber(), now);
            case SINCE_IMAGE_TRANSITIONED -> olderThan(i.lastArchivedAt(), s.countNumber(), now);
        };
    }

    private static boolean olderThan(Instant t, int days, Instant now) {
        return t != null && t.plus(Duration.ofDays(days)).isBefore(now);
    }

    /** "You cannot configure lifecycle policies that delete images that have been in archive for less than 90 days." */
    private static boolean inArchiveMinimum(Image i, Instant now) {
        return i.status() == ImageStatus.ARCHIVED && !olderThan(i.lastArchivedAt(), 90, now);
    }

    private static boolean permits(DecisionAction owner, DecisionAction dependant) {
        return owner != null && (owner == DecisionAction.EXPIRE || dependant == DecisionAction.TRANSITION);
    }

    private static boolean mayBeUnknownChild(Image i, List<Image> images, Map<Digest, Image> byDigest) {
        boolean opaque =
                images.stream().anyMatch(p -> p.isIndex() && p.childDigests().isEmpty());
        boolean listed = images.stream()
                .anyMatch(
                        p -> !p.digest().equals(i.digest()) && p.childDigests().contains(i.digest()));
        boolean referrer = i.subject().isPresent();
        return opaque && !i.isIndex() && !referrer && !listed;
    }

    /**
     * delete-untagged written the plain way from the README's rules: the untagged images no present index
     * lists and that are not OCI referrers, the newest {@code keep} of them kept, those older than
     * {@code olderThan} (by effective push time) deleted, none while an index with unknown children could
     * list it; OCI referrers whose subject is absent deleted; then, until nothing changes, an untagged image
     * all of whose listing indexes are deleted, or an untagged referrer whose subject is deleted (and whose
     * indexes, if any, are too), deleted; with {@code orphanedSignatures}, a cosign tag signature whose
     * subject is in no repository deleted. Returns the digests deleted.
     */
    static Set<Digest> untagged(
            List<Image> images,
            Duration olderThan,
            int keep,
            boolean orphanedSignatures,
            java.util.function.Predicate<Digest> inRegistry,
            Instant now) {
        Map<Digest, Image> byDigest = new HashMap<>();
        images.forEach(i -> byDigest.put(i.digest(), i));
        java.util.function.Predicate<Image> oldEnough =
                i -> olderThan == null || i.effectivePushTime().plus(olderThan).isBefore(now);
        java.util.function.Function<Image, List<Image>> parents = i -> images.stream()
                .filter(p -> !p.digest().equals(i.digest()) && p.childDigests().contains(i.digest()))
                .toList();
        boolean opaque =
                images.stream().anyMatch(p -> p.isIndex() && p.childDigests().isEmpty());
        Set<Digest> deleted = new HashSet<>();

        List<Image> candidates = new ArrayList<>();
        for (Image i : images) {
            if (i.isTagged() || i.storageClass().isEmpty() || !parents.apply(i).isEmpty()) {
                continue;
            }
            if (i.subject().isPresent()) {
                if (!byDigest.containsKey(i.subject().get()) && oldEnough.test(i)) {
                    deleted.add(i.digest());
                }
                continue;
            }
            if (opaque && !i.isIndex()) {
                continue; // it may be a child of an index whose children are unknown
            }
            candidates.add(i);
        }
        candidates.sort(Comparator.comparing(Image::effectivePushTime)
                .thenComparing(Image::digest)
                .reversed());
        for (int k = keep; k < candidates.size(); k++) {
            if (oldEnough.test(candidates.get(k))) {
                deleted.add(candidates.get(k).digest());
            }
        }
        if (orphanedSignatures) {
            for (Image i : images) {
                Optional<Digest> subject = i.cosignSubject();
                if (subject.isPresent()
                        && i.storageClass().isPresent()
                        && parents.apply(i).isEmpty()
                        && !byDigest.containsKey(subject.get())
                        && !inRegistry.test(subject.get())
                        && oldEnough.test(i)) {
                    deleted.add(i.digest());
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Image i : images) {
                if (deleted.contains(i.digest())
                        || i.isTagged()
                        || i.storageClass().isEmpty()) {
                    continue;
                }
                List<Image> listing = parents.apply(i);
                boolean parentsGone = listing.stream().allMatch(p -> deleted.contains(p.digest()));
                boolean freedByIndex = !listing.isEmpty() && parentsGone;
                Image subject = i.subject().map(byDigest::get).orElse(null);
                boolean subjectGone = subject == null || deleted.contains(subject.digest());
                boolean freedBySubject =
                        subject != null && subject != i && deleted.contains(subject.digest()) && parentsGone;
                if ((freedByIndex && subjectGone) || freedBySubject) {
                    deleted.add(i.digest());
                    changed = true;
                }
            }
        }
        return deleted;
    }
}
