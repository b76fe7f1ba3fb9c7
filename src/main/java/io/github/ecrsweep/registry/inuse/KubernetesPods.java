package io.github.ecrsweep.registry.inuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.registry.StrictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pods of {@code kubectl get pods -A -o json} (a List, or one Pod): each container's {@code imageID}
 * is the digest the node actually pulled, even when the pod names a tag; a container not started yet
 * has none, and its {@code image} is taken instead. Init and ephemeral containers count. Only images of
 * ECR registries are kept; the source of each is {@code k8s:pod/<namespace>/<name>}.
 */
public final class KubernetesPods implements InUseSource {

    private static final String[] STATUSES = {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"
    };
    private static final String[] SPECS = {"containers", "initContainers", "ephemeralContainers"};

    private final FileText file;

    public KubernetesPods(FileText file) {
        this.file = file;
    }

    @Override
    public String sha256() {
        return file.sha256();
    }

    @Override
    public String name() {
        return "k8s:" + file.name();
    }

    @Override
    public List<InUseReference> scan() {
        return parse(file.name(), file.read("Kubernetes pod list"));
    }

    static List<InUseReference> parse(String name, String text) {
        JsonNode root;
        try {
            root = StrictJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw FileText.invalid("Kubernetes pod list '" + name + "' is not JSON (" + StrictJson.problem(e)
                    + "): use 'kubectl get pods -A -o json'");
        }
        List<JsonNode> pods = new ArrayList<>();
        if (root != null && "Pod".equals(root.path("kind").asText())) {
            pods.add(root);
        } else if (root != null && root.path("items").isArray()) {
            root.path("items").forEach(pods::add);
        } else {
            throw FileText.invalid("Kubernetes pod list '" + name
                    + "' has no 'items': use the output of 'kubectl get pods -A -o json'");
        }
        List<InUseReference> references = new ArrayList<>();
        for (JsonNode pod : pods) {
            String source = "k8s:pod/" + pod.path("metadata").path("namespace").asText("default") + "/"
                    + pod.path("metadata").path("name").asText("?");
            List<String> pulled = new ArrayList<>();
            for (String field : STATUSES) {
                for (JsonNode status : pod.path("status").path(field)) {
                    Optional<ImageReference> id = ImageReference.parse(
                                    status.path("imageID").asText(""))
                            .filter(r -> r.repository() != null && r.digest() != null);
                    if (id.isPresent()) {
                        add(references, id.get(), source);
                        pulled.add(status.path("name").asText());
                    } else {
                        ImageReference.parse(status.path("image").asText(""))
                                .ifPresent(r -> add(references, r, source));
                    }
                }
            }
            // Containers that have not started yet (no status, or no image pulled): the spec names what they will run.
            for (String field : SPECS) {
                for (JsonNode container : pod.path("spec").path(field)) {
                    if (!pulled.contains(container.path("name").asText())) {
                        ImageReference.parse(container.path("image").asText(""))
                                .ifPresent(r -> add(references, r, source));
                    }
                }
            }
        }
        return references;
    }

    private static void add(List<InUseReference> references, ImageReference image, String source) {
        if (image.isEcr()) {
            references.add(new InUseReference(image, source));
        }
    }
}
