package io.github.ecrsweep.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A registry of one repository ("training", one tagged and one untagged image) answering ECR's JSON protocol on
 * a loopback port, for the launcher's training run ({@link Training}) only: nothing leaves this machine.
 */
final class TrainingRegistry {

    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String UNTAGGED = "sha256:" + "b".repeat(64);

    private final HttpServer server;

    private TrainingRegistry(HttpServer server) {
        this.server = server;
    }

    static TrainingRegistry start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", TrainingRegistry::answer);
        server.start();
        return new TrainingRegistry(server);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String operation = target.substring(target.lastIndexOf('.') + 1);
        int status = 200;
        String body = switch (operation) {
            case "DescribeRepositories" ->
                "{\"repositories\":[{\"repositoryName\":\"training\","
                        + "\"repositoryArn\":\"arn:aws:ecr:us-east-1:123456789012:repository/training\","
                        + "\"registryId\":\"123456789012\",\"createdAt\":1700000000,"
                        + "\"repositoryUri\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/training\","
                        + "\"imageTagMutability\":\"MUTABLE\"}]}";
            case "DescribeImages" ->
                "{\"imageDetails\":[" + image(DIGEST, "[\"v1\"]") + "," + image(UNTAGGED, "[]") + "]}";
            case "BatchDeleteImage" -> "{\"imageIds\":[{\"imageDigest\":\"" + UNTAGGED + "\"}]," + "\"failures\":[]}";
            case "ListTagsForResource" -> "{\"tags\":[]}";
            case "DescribeRegistry" ->
                "{\"registryId\":\"123456789012\"," + "\"replicationConfiguration\":{\"rules\":[]}}";
            case "BatchGetImage" -> "{\"images\":[],\"failures\":[]}";
            default -> {
                status = 400;
                yield "{\"__type\":\"LifecyclePolicyNotFoundException\",\"message\":\"none\"}";
            }
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String image(String digest, String tags) {
        return "{\"registryId\":\"123456789012\",\"repositoryName\":\"training\",\"imageDigest\":\"" + digest
                + "\",\"imageTags\":" + tags + ",\"imageSizeInBytes\":1000,\"imagePushedAt\":1700000000,"
                + "\"imageManifestMediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"imageStatus\":\"ACTIVE\"}";
    }
}
