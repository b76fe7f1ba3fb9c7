package io.github.ecrsweep.registry.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server stand-in that speaks the list protocol as the API server does: {@code GET
 * /api/v1/pods}, {@code /apis/apps/v1/namespaces/NS/deployments}, ... with {@code limit} and opaque
 * {@code continue} tokens in {@code metadata.continue}, items without their kind, 401 without the bearer token it
 * expects, 403 where RBAC would forbid (a cluster-wide list, one namespace), and 410 Gone for a continue token that
 * expired. Binds 127.0.0.1 only.
 */
public final class KubernetesApiStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH =
            Pattern.compile("/(?:api/v1|apis/(?:apps|batch)/v1)(?:/namespaces/([^/]+))?/([a-z]+)");

    private final HttpServer server;
    private final String token;
    private final Map<String, List<ObjectNode>> objects = new HashMap<>();
    private final Set<String> forbiddenClusterWide = new HashSet<>();
    private final Set<String> forbiddenNamespaces = new HashSet<>();
    private final Map<String, Integer> expiring = new HashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** @param token the bearer token every request must carry */
    public KubernetesApiStandIn(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds an object of a kind ({@code pods}, {@code deployments}, ...) in a namespace. */
    public KubernetesApiStandIn add(String plural, String namespace, String name, String... images) {
        ObjectNode item = JSON.createObjectNode();
        item.putObject("metadata").put("namespace", namespace).put("name", name);
        ObjectNode spec = plural.equals("pods")
                ? item.putObject("spec")
                : plural.equals("controllerrevisions")
                        ? item.putObject("data")
                                .putObject("spec")
                                .putObject("template")
                                .putObject("spec")
                        : plural.equals("cronjobs")
                                ? item.putObject("spec")
                                        .putObject("jobTemplate")
                                        .putObject("spec")
                                        .putObject("template")
                                        .putObject("spec")
                                : item.putObject("spec").putObject("template").putObject("spec");
        ArrayNode containers = spec.putArray("containers");
        for (int i = 0; i < images.length; i++) {
            containers.addObject().put("name", "c" + i).put("image", images[i]);
        }
        objects.computeIfAbsent(plural, k -> new ArrayList<>()).add(item);
        return this;
    }

    /** A cluster-wide list of this kind answers 403, as for an identity bound to namespaces only. */
    public KubernetesApiStandIn forbidClusterWide(String... plurals) {
        forbiddenClusterWide.addAll(List.of(plurals));
        return this;
    }

    /** Every list in this namespace answers 403. */
    public KubernetesApiStandIn forbidNamespace(String namespace) {
        forbiddenNamespaces.add(namespace);
        return this;
    }

    /** The next {@code times} requests with a continue token for this kind answer 410 Gone. */
    public KubernetesApiStandIn expireContinue(String plural, int times) {
        expiring.put(plural, times);
        return this;
    }

    /** Every request served, as {@code GET path?query}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Writes a kubeconfig whose contexts name this server, with an exec plugin that prints the token. */
    public Path kubeconfig(Path dir, String... contexts) throws IOException {
        Path plugin = dir.resolve("get-token");
        Files.writeString(
                plugin,
                "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
                        + "\"status\":{\"token\":\"" + token + "\"}}'\n");
        plugin.toFile().setExecutable(true);
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: " + contexts[0] + "\n");
        yaml.append("clusters:\n- name: standin\n  cluster:\n    server: ")
                .append(url())
                .append('\n');
        yaml.append("users:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n")
                .append("      command: ")
                .append(plugin)
                .append("\n      interactiveMode: Never\n");
        yaml.append("contexts:\n");
        for (String context : contexts) {
            yaml.append("- name: ").append(context).append("\n  context:\n    cluster: standin\n    user: eks\n");
        }
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, yaml);
        return file;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        requests.add(exchange.getRequestMethod() + " " + path
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery()));
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}");
            return;
        }
        Matcher m = PATH.matcher(path);
        if (!"GET".equals(exchange.getRequestMethod()) || !m.matches()) {
            answer(exchange, 404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");
            return;
        }
        String namespace = m.group(1);
        String plural = m.group(2);
        if (namespace == null ? forbiddenClusterWide.contains(plural) : forbiddenNamespaces.contains(namespace)) {
            answer(exchange, 403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}");
            return;
        }
        String next = query.get("continue");
        if (next != null && expiring.getOrDefault(plural, 0) > 0) {
            expiring.merge(plural, -1, Integer::sum);
            answer(exchange, 410, "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\"}");
            return;
        }
        List<ObjectNode> all = plural.equals("namespaces") ? namespaces() : matching(plural, namespace);
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : all.size();
        int from = next == null
                ? 0
                : Integer.parseInt(new String(Base64.getDecoder().decode(next), StandardCharsets.UTF_8));
        int to = Math.min(all.size(), from + Math.max(1, limit));
        ObjectNode list = JSON.createObjectNode().put("kind", "List").put("apiVersion", "v1");
        ObjectNode metadata = list.putObject("metadata").put("resourceVersion", "1");
        if (to < all.size()) {
            metadata.put(
                    "continue",
                    Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
        }
        ArrayNode items = list.putArray("items");
        all.subList(from, to).forEach(items::add);
        answer(exchange, 200, JSON.writeValueAsString(list));
    }

    private List<ObjectNode> matching(String plural, String namespace) {
        return objects.getOrDefault(plural, List.of()).stream()
                .filter(o -> namespace == null
                        || namespace.equals(o.path("metadata").path("namespace").asText()))
                .toList();
    }

    private List<ObjectNode> namespaces() {
        Set<String> names = new TreeSet<>(forbiddenNamespaces);
        objects.values()
                .forEach(list -> list.forEach(
                        o -> names.add(o.path("metadata").path("namespace").asText())));
        List<ObjectNode> list = new ArrayList<>();
        for (String name : names) {
            ObjectNode ns = JSON.createObjectNode();
            ns.putObject("metadata").put("name", name);
            list.add(ns);
        }
        return list;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
