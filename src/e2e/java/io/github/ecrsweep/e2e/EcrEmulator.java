package io.github.ecrsweep.e2e;

import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The ECR emulator of the end-to-end tests: moto with the launcher in src/e2e/python, on 127.0.0.1
 * at a free port, started once for the test run, reset before each test. Without Python's moto the
 * tests are skipped with the reason, unless CI=true, where they fail.
 */
public final class EcrEmulator implements BeforeEachCallback, ParameterResolver {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The running emulator, shared by every test class of the run. */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final int port;

        Server(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        public String endpoint() {
            return "http://127.0.0.1:" + port;
        }

        public void reset() {
            post("/moto-api/reset", "");
        }

        /** Creates repositories, images and policies with the attributes the test chooses. */
        public void seed(Seed seed) {
            post("/_ecrsweep/seed", seed.toJson());
        }

        /** An access key of a new IAM user of that account: requests signed with it act in that account. */
        public String[] createAccessKey(String account) {
            var node = postForJson("/_ecrsweep/user", "{\"account\":\"" + account + "\"}");
            return new String[] {
                node.get("accessKeyId").asText(), node.get("secretAccessKey").asText()
            };
        }

        /** The ARN of a role Lambda can assume in the default account, for functions the tests create. */
        public String lambdaRole() {
            return postForJson("/_ecrsweep/lambda-role", "{}").get("arn").asText();
        }

        /** The connections clients opened since the last time this was asked (this question's own included). */
        public int connectionsOpened() {
            return postForJson("/_ecrsweep/connections", "").get("opened").asInt();
        }

        private JsonNode postForJson(String path, String body) {
            try {
                return JSON.readTree(post(path, body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** ecrsweep run from {@code home} against this emulator, with dummy credentials in its region. */
        public JarProcess.Result ecrsweep(java.nio.file.Path home, String... args) throws Exception {
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
            all.addAll(java.util.List.of("--endpoint-url", endpoint()));
            return JarProcess.in(home)
                    .dummyCredentials()
                    .env("AWS_REGION", REGION)
                    .run(all.toArray(String[]::new));
        }

        /** The images of a repository now, by digest. */
        public java.util.Map<String, software.amazon.awssdk.services.ecr.model.ImageDetail> images(String repository) {
            try (EcrClient client = client()) {
                return client.describeImages(r -> r.repositoryName(repository)).imageDetails().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                software.amazon.awssdk.services.ecr.model.ImageDetail::imageDigest, i -> i));
            }
        }

        /** The digests a repository holds now, read with a client of the emulator's own. */
        public java.util.Set<String> digests(String repository) {
            try (EcrClient client = client()) {
                return client.describeImages(r -> r.repositoryName(repository)).imageDetails().stream()
                        .map(software.amazon.awssdk.services.ecr.model.ImageDetail::imageDigest)
                        .collect(java.util.stream.Collectors.toSet());
            }
        }

        /** A client of the emulator's own, to check its state independently of ecrsweep. */
        public EcrClient client() {
            return client(REGION, new String[] {"test", "test"});
        }

        /** A client of the emulator's own in this region, with this access key (from {@link #createAccessKey}). */
        public EcrClient client(String region, String[] key) {
            return EcrClient.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .region(Region.of(region))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key[0], key[1])))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        }

        private String post(String path, String body) {
            try {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(endpoint() + path))
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("emulator " + path + ": HTTP " + r.statusCode() + ": " + r.body());
                }
                return r.body();
            } catch (IOException e) {
                throw new IllegalStateException("emulator " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Server server(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Server.class, k -> start(), Server.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    /** Resolves the emulator, and a {@link ChaosProxy} in front of it that lives for one test. */
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Server.class || p.getParameter().getType() == ChaosProxy.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        if (p.getParameter().getType() == ChaosProxy.class) {
            ChaosProxy proxy = new ChaosProxy(server(e));
            // Closed with the test's store: a stored AutoCloseable is closed when its test ends.
            e.getStore(ExtensionContext.Namespace.create(EcrEmulator.class, e.getUniqueId()))
                    .put(ChaosProxy.class, proxy);
            return proxy;
        }
        return server(e);
    }

    private static Server start() {
        String missing = motoMissing();
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(
                        "the ECR emulator cannot start: " + missing + " (required when CI=true)");
            }
            // Each test is reported as skipped with this reason (a class-level skip would count no test at all).
            System.err.println("WARNING: end-to-end tests skipped: " + missing);
            abort("end-to-end tests skipped: " + missing);
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path launcher = Path.of("src/e2e/python/ecr_emulator.py").toAbsolutePath();
            ProcessBuilder pb = new ProcessBuilder("python3", launcher.toString(), "--port", String.valueOf(port))
                    .redirectErrorStream(true);
            pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            Process process = pb.start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((line = out.readLine()) != null && !"ready".equals(line.trim())) {
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            if (line == null || !process.isAlive()) {
                throw new IllegalStateException("the ECR emulator did not start");
            }
            // Drain the rest so the emulator never blocks on a full pipe.
            Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "emulator-output");
            drain.setDaemon(true);
            drain.start();
            return new Server(process, port);
        } catch (IOException e) {
            throw new IllegalStateException("the ECR emulator could not start", e);
        }
    }

    /**
     * Why the emulator cannot run here, or null when it can: Python's moto and werkzeug at the versions
     * pinned in src/e2e/python/requirements.txt, which the launcher patches in memory.
     */
    private static String motoMissing() {
        String check = "import importlib.metadata as m, sys\n"
                + "import moto, werkzeug, moto.ecr.models\n"
                + "bad = []\n"
                + "for line in open(sys.argv[1]):\n"
                + "    line = line.split('#')[0].strip()\n"
                + "    if '==' in line:\n"
                + "        name, want = line.split('==')\n"
                + "        have = m.version(name)\n"
                + "        if have != want: bad.append(name + ' ' + have + ' (pinned: ' + want + ')')\n"
                + "print('; '.join(bad))\n";
        try {
            Process p = new ProcessBuilder(
                            "python3",
                            "-c",
                            check,
                            Path.of("src/e2e/python/requirements.txt")
                                    .toAbsolutePath()
                                    .toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "python3 did not answer";
            }
            if (p.exitValue() != 0) {
                return "Python's moto cannot be imported ("
                        + output.lines().reduce((a, b) -> b).orElse("") + ")";
            }
            return output.isEmpty()
                    ? null
                    : "the emulator's Python packages differ from src/e2e/python/requirements.txt: " + output
                            + " (pip install -r src/e2e/python/requirements.txt)";
        } catch (IOException e) {
            return "python3 is not on PATH";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A client of another AWS service of the emulator (ECS, SNS, CloudFormation, ...), with dummy credentials. */
    static <
                    B extends
                            software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                                    & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
                    C>
            C client(B builder, Server ecr) {
        return builder.httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .endpointOverride(java.net.URI.create(ecr.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** The packaged jar in {@code home}, with dummy credentials, at the emulator for every AWS service. */
    static JarProcess jar(java.nio.file.Path home, Server ecr) {
        return JarProcess.in(home).dummyCredentials().env("AWS_REGION", REGION).env("AWS_ENDPOINT_URL", ecr.endpoint());
    }

    /** The in-use sources a decision of a JSON report names; none when it names none. */
    static java.util.List<String> inUse(com.fasterxml.jackson.databind.JsonNode decision) {
        java.util.List<String> sources = new java.util.ArrayList<>();
        if (decision != null && decision.has("inUse")) {
            decision.get("inUse").forEach(s -> sources.add(s.asText()));
        }
        return sources;
    }

    static ObjectMapper json() {
        return JSON;
    }

    /** The image decisions of a report, by digest. */
    static java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> decisions(
            com.fasterxml.jackson.databind.JsonNode report) {
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> m = new java.util.HashMap<>();
        report.get("repositories")
                .forEach(r ->
                        r.get("images").forEach(i -> m.put(i.get("imageDigest").asText(), i)));
        return m;
    }
}
