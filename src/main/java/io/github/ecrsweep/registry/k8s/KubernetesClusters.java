package io.github.ecrsweep.registry.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrsweep.registry.CallStatistics;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.StrictJson;
import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.registry.inuse.InUseSource;
import io.github.ecrsweep.registry.inuse.KubernetesPods;
import io.github.ecrsweep.registry.inuse.References;
import io.github.ecrsweep.rules.Glob;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Response;

/**
 * What Kubernetes clusters run or could run again, read from their APIs: the contexts of the kubeconfig that a
 * name or a glob picks, each with the kubeconfig's own authentication (tokens, client certificates, exec
 * plugins such as {@code aws eks get-token}), in all namespaces, every page ({@code limit} and {@code continue}).
 * It reads the kinds {@link KubernetesPods} reads from a file: Pods, ReplicationControllers, Deployments,
 * ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions, Jobs and CronJobs. Where a cluster-wide list is
 * forbidden, the namespaces are listed and read one by one. A cluster that cannot be read completely (a namespace
 * forbidden, an expired {@code continue} token twice, unreachable) fails the source: a partial answer would leave
 * what it runs unprotected. Sources: {@code k8s:<context>/<kind>/<namespace>/<name>}.
 */
public final class KubernetesClusters implements InUseSource {

    /** A kind and where it is listed: {@code /apis/apps/v1} and {@code deployments}. */
    private record Resource(String kind, String group, String plural) {
        String path(String namespace) {
            return group + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
        }
    }

    private static final List<Resource> RESOURCES = List.of(
            new Resource("Pod", "/api/v1", "pods"),
            new Resource("ReplicationController", "/api/v1", "replicationcontrollers"),
            new Resource("Deployment", "/apis/apps/v1", "deployments"),
            new Resource("ReplicaSet", "/apis/apps/v1", "replicasets"),
            new Resource("StatefulSet", "/apis/apps/v1", "statefulsets"),
            new Resource("DaemonSet", "/apis/apps/v1", "daemonsets"),
            new Resource("ControllerRevision", "/apis/apps/v1", "controllerrevisions"),
            new Resource("Job", "/apis/batch/v1", "jobs"),
            new Resource("CronJob", "/apis/batch/v1", "cronjobs"));

    /** Objects per page: large pages, few calls, bounded answers. */
    static final int LIMIT = 500;
    /** How often a list restarts after its continue token expired (410 Gone) before the source fails. */
    private static final int RESTARTS = 2;

    private final String contexts;
    private final Map<String, String> environment;
    private final Map<String, AtomicLong> calls = new TreeMap<>();
    private volatile Map<String, Integer> others = Map.of();

    /**
     * @param contexts    a context of the kubeconfig, or a glob over their names ({@code prod-*})
     * @param environment where {@code KUBECONFIG} and {@code HOME} are read
     */
    public KubernetesClusters(String contexts, Map<String, String> environment) {
        this.contexts = contexts;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "k8s-context:" + contexts;
    }

    @Override
    public List<InUseReference> scan() {
        Path file = kubeconfig();
        List<String> names = matching(load(file));
        Set<InUseReference> found = new LinkedHashSet<>();
        Map<String, Integer> counted = new TreeMap<>();
        for (String context : names) {
            ArrayNode items = StrictJson.MAPPER.createArrayNode();
            ApiClient api = client(file, context);
            for (Resource resource : RESOURCES) {
                for (JsonNode item : list(api, context, resource)) {
                    ((ObjectNode) item).put("kind", resource.kind());
                    items.add(item);
                }
            }
            ObjectNode list = StrictJson.MAPPER.createObjectNode().put("kind", "List");
            list.set("items", items);
            References references =
                    KubernetesPods.read("Kubernetes context '" + context + "'", list, "k8s:" + context + "/");
            found.addAll(references.list());
            references.others().forEach((host, n) -> counted.merge(host, n, Integer::sum));
        }
        others = Map.copyOf(counted);
        return List.copyOf(found);
    }

    @Override
    public Map<String, Integer> otherRegistries() {
        return others;
    }

    @Override
    public CallStatistics statistics() {
        Map<String, Long> made = new TreeMap<>();
        synchronized (calls) {
            calls.forEach((k, v) -> made.put(k, v.get()));
        }
        return new CallStatistics(made, 0, 0);
    }

    /** The kubeconfig as kubectl finds it: the first file {@code KUBECONFIG} names that exists, else ~/.kube/config. */
    private Path kubeconfig() {
        String listed = environment.get("KUBECONFIG");
        if (listed != null && !listed.isBlank()) {
            for (String entry : listed.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
                    return Path.of(entry);
                }
            }
            throw failure("no file KUBECONFIG names exists (" + listed + ")", null);
        }
        Path home = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config");
        if (!Files.isRegularFile(home)) {
            throw failure("there is no kubeconfig: KUBECONFIG is not set and " + home + " does not exist", null);
        }
        return home;
    }

    private KubeConfig load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            KubeConfig config = KubeConfig.loadKubeConfig(reader);
            config.setFile(file.toFile());
            return config;
        } catch (IOException | RuntimeException e) {
            throw failure("the kubeconfig " + file + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The contexts the name or glob picks, in the kubeconfig's order; none fails the source. */
    private List<String> matching(KubeConfig config) {
        List<String> all = new ArrayList<>();
        for (Object context : config.getContexts() == null ? List.of() : config.getContexts()) {
            if (context instanceof Map<?, ?> map && map.get("name") instanceof String name) {
                all.add(name);
            }
        }
        List<String> picked =
                all.stream().filter(n -> Glob.matches(contexts, n)).toList();
        if (picked.isEmpty()) {
            throw failure(
                    "no context of the kubeconfig matches '" + contexts + "'"
                            + (all.isEmpty() ? "" : "; it has " + String.join(", ", all)),
                    null);
        }
        return picked;
    }

    private ApiClient client(Path file, String context) {
        KubeConfig config = load(file);
        config.setContext(context);
        String server = config.getServer();
        if (server == null) {
            throw failure("context '" + context + "' names no cluster server", null);
        }
        URI uri = URI.create(server);
        if ("http".equalsIgnoreCase(uri.getScheme()) && !io.github.ecrsweep.registry.Hosts.isLoopback(uri.getHost())) {
            throw failure(
                    "context '" + context + "' serves its API over plain HTTP (" + server + "), which would send the"
                            + " cluster's credentials in clear text; use https",
                    null);
        }
        try {
            return ClientBuilder.kubeconfig(config).build();
        } catch (IOException | RuntimeException e) {
            throw failure("context '" + context + "' cannot be used (" + e.getMessage() + ")", e);
        }
    }

    /** Every object of one kind, in all namespaces; namespace by namespace where the cluster-wide list is forbidden. */
    private List<JsonNode> list(ApiClient api, String context, Resource resource) {
        try {
            return pages(api, context, resource.path(null), resource.plural());
        } catch (Forbidden cluster) {
            List<JsonNode> all = new ArrayList<>();
            List<JsonNode> namespaces;
            try {
                namespaces = pages(api, context, "/api/v1/namespaces", "namespaces");
            } catch (Forbidden e) {
                throw failure(
                        "context '" + context + "' may neither list " + resource.plural()
                                + " in all namespaces nor list the namespaces (403 Forbidden)",
                        null);
            }
            for (JsonNode namespace : namespaces) {
                String name = namespace.path("metadata").path("name").asText();
                try {
                    all.addAll(pages(api, context, resource.path(name), resource.plural()));
                } catch (Forbidden e) {
                    throw failure(
                            "context '" + context + "' may not list " + resource.plural() + " in namespace '" + name
                                    + "' (403 Forbidden), so what runs there is not known",
                            null);
                }
            }
            return all;
        }
    }

    /** Every page of one list; a list whose continue token expired (410 Gone) starts again, a few times. */
    private List<JsonNode> pages(ApiClient api, String context, String path, String plural) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<JsonNode> items = new ArrayList<>();
                String next = null;
                do {
                    JsonNode page = get(api, context, path, next, plural);
                    page.path("items").forEach(items::add);
                    String token = page.path("metadata").path("continue").asText("");
                    next = token.isEmpty() ? null : token;
                } while (next != null);
                return items;
            } catch (Gone e) {
                if (attempt == RESTARTS) {
                    throw failure(
                            "context '" + context + "': the list of " + plural + " expired " + (RESTARTS + 1)
                                    + " times while it was read (410 Gone), so it was never read whole",
                            null);
                }
            }
        }
    }

    private JsonNode get(ApiClient api, String context, String path, String next, String plural) {
        List<Pair> query = new ArrayList<>();
        query.add(new Pair("limit", Integer.toString(LIMIT)));
        if (next != null) {
            query.add(new Pair("continue", next));
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        count("list " + plural);
        Call call;
        try {
            call = api.buildCall(
                    null,
                    path,
                    "GET",
                    query,
                    new ArrayList<>(),
                    null,
                    headers,
                    new HashMap<>(),
                    new HashMap<>(),
                    new String[] {"BearerToken"},
                    null);
        } catch (ApiException e) {
            throw failure("context '" + context + "': " + e.getMessage(), e);
        }
        try (Response response = call.execute()) {
            int code = response.code();
            if (code == 403) {
                throw new Forbidden();
            }
            if (code == 410) {
                throw new Gone();
            }
            if (code != 200 || response.body() == null) {
                throw failure(
                        "context '" + context + "' answered " + code + " to the list of " + plural
                                + (code == 401 ? " (the credentials were refused)" : ""),
                        null);
            }
            return StrictJson.MAPPER.readTree(response.body().byteStream());
        } catch (IOException e) {
            throw new RegistryException(
                    RegistryException.Kind.UNREACHABLE,
                    null,
                    "list " + plural,
                    null,
                    "Kubernetes context '" + context + "' cannot be reached (" + e.getMessage() + ")",
                    e);
        }
    }

    private void count(String operation) {
        synchronized (calls) {
            calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private static RegistryException failure(String message, Throwable cause) {
        return new RegistryException(RegistryException.Kind.SERVICE, null, "list", null, message, cause);
    }

    /** A list this identity may not read (403): at the cluster scope, the namespaces are tried one by one. */
    private static final class Forbidden extends RuntimeException {
        Forbidden() {
            super(null, null, false, false);
        }
    }

    /** A continue token that expired (410): the list starts again. */
    private static final class Gone extends RuntimeException {
        Gone() {
            super(null, null, false, false);
        }
    }
}
