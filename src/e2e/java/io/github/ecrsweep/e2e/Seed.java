package io.github.ecrsweep.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to put in the emulator: repositories with images whose manifests are real documents (their
 * digests are the SHA-256 of those bytes, as in a registry), and lifecycle policies.
 */
public final class Seed {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** One image to seed; {@code digest()} is what the registry will report. */
    public record SeedImage(
            String name,
            String manifest,
            String mediaType,
            List<String> tags,
            Instant pushedAt,
            Instant lastPulled,
            long size,
            String subject,
            String artifactMediaType) {

        public String digest() {
            return sha256(manifest);
        }
    }

    private final Map<String, List<SeedImage>> repositories = new LinkedHashMap<>();
    private String account = EcrEmulator.ACCOUNT;

    private String region = EcrEmulator.REGION;

    /** Seeds this account instead of the emulator's default one. */
    public Seed inAccount(String id) {
        this.account = id;
        return this;
    }

    /** Seeds this region instead of the emulator's default one. */
    public Seed inRegion(String name) {
        this.region = name;
        return this;
    }

    private final Map<String, String> policies = new LinkedHashMap<>();

    public Seed repository(String name) {
        repositories.computeIfAbsent(name, k -> new ArrayList<>());
        return this;
    }

    public Seed policy(String repository, String text) {
        repository(repository);
        policies.put(repository, text);
        return this;
    }

    public SeedImage image(String repository, String name, Instant pushedAt, String... tags) {
        return add(
                repository,
                new SeedImage(
                        name,
                        manifest(name, DOCKER_MANIFEST, null),
                        DOCKER_MANIFEST,
                        List.of(tags),
                        pushedAt,
                        null,
                        10_000_000L + Math.abs(name.hashCode() % 1_000_000),
                        null,
                        null));
    }

    public SeedImage ociImage(String repository, String name, Instant pushedAt, String... tags) {
        return add(
                repository,
                new SeedImage(
                        name,
                        manifest(name, OCI_MANIFEST, null),
                        OCI_MANIFEST,
                        List.of(tags),
                        pushedAt,
                        null,
                        20_000_000L,
                        null,
                        null));
    }

    /** An OCI referrer (signature, SBOM, attestation) with a {@code subject}. */
    public SeedImage referrer(String repository, String name, SeedImage subject, Instant pushedAt) {
        String manifest = manifest(name, OCI_MANIFEST, subject);
        return add(
                repository,
                new SeedImage(
                        name,
                        manifest,
                        OCI_MANIFEST,
                        List.of(),
                        pushedAt,
                        null,
                        2_000,
                        subject.digest(),
                        "application/vnd.dev.cosign.artifact.sig.v1+json"));
    }

    /** A cosign signature: a tagged image named after its subject's digest. */
    public SeedImage cosignSignature(String repository, String name, String subjectDigest, Instant pushedAt) {
        String tag = subjectDigest.replace(':', '-') + ".sig";
        return add(
                repository,
                new SeedImage(
                        name,
                        manifest(name, OCI_MANIFEST, null),
                        OCI_MANIFEST,
                        List.of(tag),
                        pushedAt,
                        null,
                        1_500,
                        null,
                        "application/vnd.dev.cosign.artifact.sig.v1+json"));
    }

    /** An index (OCI index or Docker manifest list) listing the given images. */
    public SeedImage index(
            String repository,
            String name,
            String mediaType,
            Instant pushedAt,
            List<SeedImage> children,
            String... tags) {
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[");
        for (int i = 0; i < children.size(); i++) {
            SeedImage c = children.get(i);
            m.append(i == 0 ? "" : ",")
                    .append("{\"mediaType\":\"")
                    .append(c.mediaType())
                    .append("\",\"digest\":\"")
                    .append(c.digest())
                    .append("\",\"size\":1234,\"platform\":{\"architecture\":\"arch")
                    .append(i)
                    .append("\",\"os\":\"linux\"}}");
        }
        m.append("],\"annotations\":{\"name\":\"").append(name).append("\"}}");
        long size = children.stream().mapToLong(SeedImage::size).max().orElse(0);
        return add(
                repository,
                new SeedImage(name, m.toString(), mediaType, List.of(tags), pushedAt, null, size, null, null));
    }

    public SeedImage add(String repository, SeedImage image) {
        repository(repository);
        repositories.get(repository).add(image);
        return image;
    }

    public List<SeedImage> images(String repository) {
        return List.copyOf(repositories.getOrDefault(repository, List.of()));
    }

    private static String manifest(String name, String mediaType, SeedImage subject) {
        String layer = sha256("layer-" + name);
        String config = sha256("config-" + name);
        return "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"size\":1469,\"digest\":\"" + config
                + "\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"size\":3000000,\"digest\":\"" + layer + "\"}]"
                + (subject == null
                        ? ""
                        : ",\"subject\":{\"mediaType\":\"" + subject.mediaType() + "\",\"digest\":\"" + subject.digest()
                                + "\",\"size\":1234}")
                + "}";
    }

    public static String sha256(String text) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String toJson() {
        ObjectNode root = EcrEmulator.json().createObjectNode();
        root.put("account", account);
        root.put("region", region);
        ArrayNode repos = root.putArray("repositories");
        repositories.forEach((name, images) -> {
            ObjectNode r = repos.addObject();
            r.put("name", name);
            if (policies.containsKey(name)) {
                r.put("lifecyclePolicy", policies.get(name));
            }
            ArrayNode list = r.putArray("images");
            for (SeedImage i : images) {
                ObjectNode o = list.addObject();
                o.put("manifest", i.manifest());
                o.put("mediaType", i.mediaType());
                ArrayNode tags = o.putArray("tags");
                i.tags().forEach(tags::add);
                o.put("pushedAt", i.pushedAt().toEpochMilli() / 1000.0);
                if (i.lastPulled() != null) {
                    o.put("lastRecordedPullTime", i.lastPulled().toEpochMilli() / 1000.0);
                }
                o.put("size", i.size());
                if (i.subject() != null) {
                    o.put("subjectManifestDigest", i.subject());
                }
                if (i.artifactMediaType() != null) {
                    o.put("artifactMediaType", i.artifactMediaType());
                }
            }
        });
        return root.toString();
    }
}
