package io.github.ecrsweep.registry.inuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.registry.StrictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the list {@code kubectl get ... -A -o json} writes runs or will run (a List, or one object): for a Pod,
 * each container's {@code imageID}, the digest the node actually pulled even when the pod names a tag (a
 * container not started yet has none, and its {@code image} is taken instead); for a workload (Deployment,
 * ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate), the images of its
 * pod template; a Deployment's old ReplicaSets (replicas 0, up to its {@code revisionHistoryLimit}) and the
 * ControllerRevisions of StatefulSets and DaemonSets are what a rollback starts, and count the same. Init and ephemeral containers count. An item of another kind is refused, naming it, rather
 * than read as nothing. Only images of ECR registries are kept, the others counted; the source of each is
 * {@code k8s:<kind>/<namespace>/<name>}.
 */
public final class KubernetesPods implements InUseSource {

    private static final String[] STATUSES = {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"
    };
    private static final String[] SPECS = {"containers", "initContainers", "ephemeralContainers"};

    private final FileText file;
    private volatile java.util.Map<String, Integer> others = java.util.Map.of();

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
        References found = read(file.name(), file.read("Kubernetes pod list"));
        others = found.others();
        return found.list();
    }

    @Override
    public java.util.Map<String, Integer> otherRegistries() {
        return others;
    }

    static List<InUseReference> parse(String name, String text) {
        return read(name, text).list();
    }

    /** Where each kind keeps its pod template, below the item. */
    private static final java.util.Map<String, String> TEMPLATES = java.util.Map.of(
            "Deployment", "/spec/template/spec",
            "ReplicaSet", "/spec/template/spec",
            "StatefulSet", "/spec/template/spec",
            "DaemonSet", "/spec/template/spec",
            "Job", "/spec/template/spec",
            "ReplicationController", "/spec/template/spec",
            "CronJob", "/spec/jobTemplate/spec/template/spec",
            "PodTemplate", "/template/spec",
            // A StatefulSet's or DaemonSet's revision history: the template a rollback (kubectl rollout undo) restores.
            "ControllerRevision", "/data/spec/template/spec");

    static References read(String name, String text) {
        JsonNode root;
        try {
            root = StrictJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw FileText.invalid("Kubernetes pod list '" + name + "' is not JSON (" + StrictJson.problem(e)
                    + "): use 'kubectl get pods -A -o json'");
        }
        return read("Kubernetes list '" + name + "'", root, "k8s:");
    }

    /**
     * What a list of Kubernetes objects runs or could run again, each reference's source {@code <prefix><kind>/
     * <namespace>/<name>}.
     *
     * @param what how messages name the list
     */
    public static References read(String what, JsonNode root, String prefix) {
        List<JsonNode> items = new ArrayList<>();
        if (root != null && root.path("items").isArray()) {
            root.path("items").forEach(items::add);
        } else if (root != null
                && root.path("kind").isTextual()
                && !root.path("kind").asText().endsWith("List")) {
            items.add(root);
        } else {
            throw FileText.invalid(what + " has no 'items': use the output of 'kubectl get pods -A -o json'");
        }
        java.util.Map<String, Integer> unknown = new java.util.TreeMap<>();
        for (JsonNode item : items) {
            // kubectl writes each item's kind; a list without them is of pods.
            String kind = item.path("kind").asText("Pod");
            if (!kind.equals("Pod") && !TEMPLATES.containsKey(kind)) {
                unknown.merge(kind, 1, Integer::sum);
            }
        }
        if (!unknown.isEmpty()) {
            throw FileText.invalid(what + " holds kinds that run no container: "
                    + unknown.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", "))
                    + "; give pods or workloads ('kubectl get pods,deployments,replicasets,statefulsets,daemonsets,"
                    + "controllerrevisions,cronjobs,jobs -A -o json'), or name the file with --in-use-optional to go on"
                    + " without it");
        }
        References references = new References(what);
        for (JsonNode item : items) {
            String kind = item.path("kind").asText("Pod");
            String source = prefix + kind.toLowerCase(java.util.Locale.ROOT) + "/"
                    + item.path("metadata").path("namespace").asText("default") + "/"
                    + item.path("metadata").path("name").asText("?");
            if (kind.equals("Pod")) {
                pod(item, source, references);
            } else {
                JsonNode spec = item.at(TEMPLATES.get(kind));
                for (String field : SPECS) {
                    for (JsonNode container : spec.path(field)) {
                        references.add(container.path("image").asText(""), null, source);
                    }
                }
            }
        }
        return references;
    }

    private static void pod(JsonNode pod, String source, References references) {
        List<String> pulled = new ArrayList<>();
        for (String field : STATUSES) {
            for (JsonNode status : pod.path("status").path(field)) {
                Optional<ImageReference> id = ImageReference.parse(
                                status.path("imageID").asText(""))
                        .filter(r -> r.repository() != null && r.digest() != null);
                if (id.isPresent()) {
                    references.add(status.path("imageID").asText(""), null, source);
                    pulled.add(status.path("name").asText());
                } else {
                    references.add(status.path("image").asText(""), null, source);
                }
            }
        }
        // Containers that have not started yet (no status, or no image pulled): the spec names what they will run.
        for (String field : SPECS) {
            for (JsonNode container : pod.path("spec").path(field)) {
                if (!pulled.contains(container.path("name").asText())) {
                    references.add(container.path("image").asText(""), null, source);
                }
            }
        }
    }
}
