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
 * evaluation rules"), with no regard for speed: sets and maps, quadratic loops, a fixed point, and its own
 * reading of the tag selections (the production matcher is not used). The fast evaluator must decide the same
 * action, by the same rule, in the same wave, for every image.
 */
final class ReferenceEvaluator {

    private ReferenceEvaluator() {}

    /**
     * What the plain reading decides for one image acted on.
     *
     * @param rulePriority the rule that acts (for a referrer that follows its subject, the subject's), or null
     * @param wave         0 for an image no other acted-on image holds; else one more than the latest that does
     */
    record Verdict(DecisionAction action, Integer rulePriority, int wave) {}

    /** The verdict per image acted on (EXPIRE or TRANSITION); absent for those kept. */
    static Map<Digest, Verdict> evaluate(LifecyclePolicy policy, List<Image> images, Instant now) {
        Map<Digest, Image> byDigest = new HashMap<>();
        images.forEach(i -> byDigest.put(i.digest(), i));
        Map<Digest, DecisionAction> marked = new HashMap<>();
        Map<Digest, Integer> markedBy = new HashMap<>();
        Set<Digest> claimed = new HashSet<>();
        List<Rule> rules = new ArrayList<>(policy.rules());
        rules.sort(Comparator.comparingInt(Rule::rulePriority));
        // "All rules are evaluated at the same time ... then applied based on rule priority."
        for (Rule rule : rules) {
            List<Image> candidates = new ArrayList<>();
            for (Image i : images) {
                if (isCandidate(rule.selection(), i)) {
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
                    markedBy.put(i.digest(), rule.rulePriority());
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
                    markedBy.put(r.digest(), markedBy.get(subject.digest()));
                    changed = true;
                }
            }
        }
        Map<Digest, Verdict> verdicts = new HashMap<>();
        marked.forEach((digest, action) -> verdicts.put(
                digest, new Verdict(action, markedBy.get(digest), wave(digest, marked.keySet(), images, byDigest))));
        return verdicts;
    }

    /**
     * The wave of an acted-on image: one after the latest acted-on index that lists it or acted-on subject it
     * refers to, 0 when none does; by plain recursion (generated repositories have no cycles).
     */
    static int wave(Digest digest, Set<Digest> acted, List<Image> images, Map<Digest, Image> byDigest) {
        int wave = 0;
        for (Image p : images) {
            if (!p.digest().equals(digest) && p.childDigests().contains(digest) && acted.contains(p.digest())) {
                wave = Math.max(wave, wave(p.digest(), acted, images, byDigest) + 1);
            }
        }
        Image image = byDigest.get(digest);
        Digest subject = image.subject().orElse(null);
        if (subject != null && !subject.equals(digest) && acted.contains(subject)) {
            wave = Math.max(wave, wave(subject, acted, images, byDigest) + 1);
        }
        return wave;
    }

    /**
     * A rule's candidate, read from the documentation rather than from the production matcher: the storage
     * class matches, and by tagStatus: untagged images, any image, or tagged images for which every entry of
     * tagPrefixList starts some tag, or every entry of tagPatternList (where * matches any run of characters,
     * even none) matches some whole tag.
     */
    private static boolean isCandidate(Selection s, Image i) {
        if (i.storageClass().orElse(null) != s.storageClass()) {
            return false;
        }
        TagSelector tags = s.tags();
        if (tags instanceof TagSelector.Untagged) {
            return i.tags().isEmpty();
        }
        if (tags instanceof TagSelector.AnyImage) {
            return true;
        }
        if (tags instanceof TagSelector.Prefixes p) {
            return !i.tags().isEmpty()
                    && p.prefixes().stream()
                            .allMatch(prefix -> i.tags().stream().anyMatch(t -> t.startsWith(prefix)));
        }
        TagSelector.Patterns p = (TagSelector.Patterns) tags;
        return !i.tags().isEmpty()
                && p.patterns().stream()
                        .allMatch(glob -> i.tags().stream().anyMatch(t -> t.matches(regex(glob.text()))));
    }

    /** A glob as a regular expression: each literal run quoted, each * any run of characters. */
    private static String regex(String glob) {
        return java.util.Arrays.stream(glob.split("\\*", -1))
                .map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
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
        boolean referrer = i.subject().isPresent();
        return opaque && !i.isIndex() && !referrer;
    }

    /**
     * delete-untagged written the plain way from the README's rules: the untagged images no present index
     * lists and that are not OCI referrers, the newest {@code keep} of them kept, those older than
     * {@code olderThan} (by effective push time) deleted, none while an index with unknown children could
     * list it; OCI referrers whose subject is absent deleted; then, until nothing changes, an untagged image
     * all of whose listing indexes are deleted, or an untagged referrer whose subject is deleted (and whose
     * indexes, if any, are too), deleted; with {@code orphanedSignatures}, a cosign tag signature whose
     * subject is in no repository deleted. Returns the wave of each digest deleted.
     */
    static Map<Digest, Integer> untagged(
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
                // "If an image is referenced by a manifest list, it cannot be expired ... without the manifest
                // list being deleted ... first": an index whose children are unknown that stays may list it.
                boolean unknownIndexStays = !i.isIndex()
                        && i.subject().isEmpty()
                        && images.stream()
                                .anyMatch(p -> p.isIndex()
                                        && p.childDigests().isEmpty()
                                        && !p.digest().equals(i.digest())
                                        && !deleted.contains(p.digest()));
                boolean freedByIndex = !listing.isEmpty() && parentsGone && !unknownIndexStays;
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
        Map<Digest, Integer> waves = new HashMap<>();
        deleted.forEach(d -> waves.put(d, wave(d, deleted, images, byDigest)));
        return waves;
    }
}
