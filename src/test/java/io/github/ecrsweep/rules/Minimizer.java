package io.github.ecrsweep.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Makes a failing property case as small as it stays failing (images, then rules, removed one at a time
 * while the property still fails), and writes it in the format of the golden cases, so that it can be
 * read at a glance and kept under {@code src/test/resources/golden} once fixed.
 */
final class Minimizer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Minimizer() {}

    /** Runs the property; when it fails, fails with the smallest case that still fails, as a golden case. */
    static void check(
            long seed,
            LifecyclePolicy policy,
            List<Image> images,
            Instant now,
            BiConsumer<LifecyclePolicy, List<Image>> property) {
        try {
            property.accept(policy, images);
        } catch (AssertionError failure) {
            List<Image> smallImages = new ArrayList<>(images);
            List<Rule> smallRules = new ArrayList<>(policy.rules());
            boolean shrunk = true;
            while (shrunk) {
                shrunk = false;
                for (int i = smallImages.size() - 1; i >= 0; i--) {
                    List<Image> fewer = new ArrayList<>(smallImages);
                    fewer.remove(i);
                    if (fails(property, new LifecyclePolicy(smallRules), fewer)) {
                        smallImages = fewer;
                        shrunk = true;
                    }
                }
                for (int r = smallRules.size() - 1; r >= 0 && smallRules.size() > 1; r--) {
                    List<Rule> fewer = new ArrayList<>(smallRules);
                    fewer.remove(r);
                    if (fails(property, new LifecyclePolicy(fewer), smallImages)) {
                        smallRules = fewer;
                        shrunk = true;
                    }
                }
            }
            throw new AssertionError(
                    "seed " + seed + " fails: " + failure.getMessage()
                            + "\nThe smallest failing case, as a golden case:\n"
                            + golden(seed, new LifecyclePolicy(smallRules), smallImages, now),
                    failure);
        }
    }

    private static boolean fails(
            BiConsumer<LifecyclePolicy, List<Image>> property, LifecyclePolicy policy, List<Image> images) {
        try {
            property.accept(policy, images);
            return false;
        } catch (AssertionError | RuntimeException e) {
            return true;
        }
    }

    /** The case in the golden-case format: images named I0, I1, ...; what they point at by those names. */
    static String golden(long seed, LifecyclePolicy policy, List<Image> images, Instant now) {
        Map<Digest, String> names = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            names.put(images.get(i).digest(), "I" + i);
        }
        ObjectNode c = JSON.createObjectNode();
        c.put(
                "description",
                "found by the property tests from seed " + seed
                        + "; say what is expected, then fill in expected and kept");
        c.put("source", "PlanPropertiesTest, seed " + seed);
        c.put("now", now.toString());
        c.set("policy", policy(policy));
        ArrayNode list = c.putArray("images");
        List<String> absent = new ArrayList<>();
        for (Image image : images) {
            ObjectNode o = list.addObject();
            o.put("id", names.get(image.digest()));
            ArrayNode tags = o.putArray("tags");
            String subjectFromTag = null;
            for (String tag : image.tags()) {
                Digest named = image.cosignSubject().orElse(null);
                if (named != null && names.containsKey(named)) {
                    tags.add(tag.replace(named.hex(), "%s"));
                    subjectFromTag = names.get(named);
                } else {
                    tags.add(tag);
                }
            }
            if (subjectFromTag != null) {
                o.put("subjectFromTag", subjectFromTag);
            }
            o.put("pushedAt", image.pushedAt().toString());
            if (image.manifestMediaType() != null) {
                o.put("mediaType", image.manifestMediaType());
            }
            o.put("size", image.sizeInBytes());
            o.put("status", image.status().name());
            if (image.lastRecordedPullTime() != null) {
                o.put("lastRecordedPullTime", image.lastRecordedPullTime().toString());
            }
            if (image.lastArchivedAt() != null) {
                o.put("lastArchivedAt", image.lastArchivedAt().toString());
            }
            if (image.lastActivatedAt() != null) {
                o.put("lastActivatedAt", image.lastActivatedAt().toString());
            }
            if (image.subjectDigest() != null) {
                String subject = names.get(image.subjectDigest());
                if (subject == null) {
                    subject = "X" + absent.size();
                    absent.add(subject);
                }
                o.put("subject", subject);
            }
            if (!image.childDigests().isEmpty()) {
                ArrayNode children = o.putArray("children");
                image.childDigests().stream().filter(names::containsKey).forEach(d -> children.add(names.get(d)));
            }
        }
        if (!absent.isEmpty()) {
            ArrayNode a = c.putArray("absent");
            absent.forEach(a::add);
        }
        c.putObject("expected");
        try {
            return JSON.writeValueAsString(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode policy(LifecyclePolicy policy) {
        ObjectNode p = JSON.createObjectNode();
        ArrayNode rules = p.putArray("rules");
        for (Rule r : policy.rules()) {
            ObjectNode rule = rules.addObject();
            rule.put("rulePriority", r.rulePriority());
            // Also pads the text to the 100 characters ECR requires of a policy.
            rule.put("description", "rule " + r.rulePriority() + " of a case found by the property tests");
            ObjectNode selection = rule.putObject("selection");
            Selection s = r.selection();
            selection.put("tagStatus", s.tags().tagStatus().json());
            if (s.tags() instanceof TagSelector.Patterns patterns) {
                ArrayNode list = selection.putArray("tagPatternList");
                patterns.patterns().forEach(t -> list.add(t.text()));
            } else if (s.tags() instanceof TagSelector.Prefixes prefixes) {
                ArrayNode list = selection.putArray("tagPrefixList");
                prefixes.prefixes().forEach(list::add);
            }
            if (s.storageClass() == StorageClass.ARCHIVE) {
                selection.put("storageClass", "archive");
            }
            selection.put("countType", s.countType().json());
            if (s.countType().isAge()) {
                selection.put("countUnit", "days");
            }
            selection.put("countNumber", s.countNumber());
            ObjectNode action = rule.putObject("action");
            if (r.action() instanceof Action.Transition t) {
                action.put("type", "transition");
                action.put("targetStorageClass", t.targetStorageClass().json());
            } else {
                action.put("type", "expire");
            }
        }
        return p;
    }
}
