package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed examples run as shipped: each is checked against the published schema of its kind where one
 * is at hand offline (Kubernetes: the batch/v1 and core/v1 OpenAPI schemas the official client's models carry;
 * AWS Batch: the service model of the AWS SDK for Python, botocore; GitHub publishes no workflow schema that is
 * here), and its ecrsweep command lines run, worker by worker, against the emulator over three accounts in two
 * regions, each reached through a role, to the merged report of the run.
 */
@ExtendWith(EcrEmulator.class)
class DistributedExamplesIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> ACCOUNTS = List.of("111111111111", "222222222222", "333333333333");
    private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1");
    private static final Path K8S = Path.of("examples/fleet/kubernetes-indexed-cronjob.yaml");
    private static final Path BATCH = Path.of("examples/fleet/aws-batch");
    private static final Path GITHUB = Path.of("examples/fleet/github-actions-matrix.yml");

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    /** In each account and region: a tagged image, and an untagged one a month old that a sweep deletes. */
    private void seed() {
        for (String account : ACCOUNTS) {
            for (String region : REGIONS) {
                Seed seed = new Seed().inAccount(account).inRegion(region);
                seed.image("app", "v1-" + account + region, EndToEndIT.daysAgo(40), "v1");
                seed.image("app", "old-" + account + region, EndToEndIT.daysAgo(30));
                ecr.seed(seed);
            }
        }
    }

    private static List<JsonNode> documents(Path yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }

    /** The ConfigMap's files: the rules and the targets every example runs with here. */
    private Path config() throws IOException {
        Path dir = Files.createDirectories(home.resolve("config"));
        for (JsonNode doc : documents(K8S)) {
            if (doc.get("kind").asText().equals("ConfigMap")) {
                doc.get("data").properties().forEach(f -> {
                    try {
                        Files.writeString(dir.resolve(f.getKey()), f.getValue().asText());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
        return dir;
    }

    private JarProcess worker() {
        return JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_ENDPOINT_URL", ecr.endpoint())
                .env("AWS_REGION", "eu-west-1");
    }

    /** The merged fleet report of a run: every target, and the six month-old untagged images deleted. */
    private static void assertWholeRun(Path merged, String runId) throws IOException {
        assertThat(merged).exists();
        JsonNode doc = EcrEmulator.json().readTree(Files.readString(merged));
        assertThat(doc.get("kind").asText()).isEqualTo("ecrsweep-fleet-report");
        assertThat(doc.get("runId").asText()).isEqualTo(runId);
        assertThat(doc.get("exitCode").asInt()).isZero();
        assertThat(doc.get("targets")).hasSize(ACCOUNTS.size() * REGIONS.size());
        assertThat(doc.get("summary").get("totals").get("deleted").asInt()).isEqualTo(6);
    }

    // ---- Kubernetes

    @Test
    void theKubernetesJobIsValidStartsAsItsImagesUserAndRunsToTheMergedReport() throws Exception {
        List<JsonNode> docs = documents(K8S);
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode doc : docs) {
            byKind.put(doc.get("kind").asText(), doc);
            com.google.gson.JsonElement json = JsonParser.parseString(doc.toString());
            switch (doc.get("kind").asText()) {
                case "Namespace" -> io.kubernetes.client.openapi.models.V1Namespace.validateJsonElement(json);
                case "ServiceAccount" -> io.kubernetes.client.openapi.models.V1ServiceAccount.validateJsonElement(json);
                case "ConfigMap" -> io.kubernetes.client.openapi.models.V1ConfigMap.validateJsonElement(json);
                case "PersistentVolumeClaim" ->
                    io.kubernetes.client.openapi.models.V1PersistentVolumeClaim.validateJsonElement(json);
                case "CronJob" -> io.kubernetes.client.openapi.models.V1CronJob.validateJsonElement(json);
                default -> throw new AssertionError("a kind the example should not hold: " + doc.get("kind"));
            }
        }
        assertThat(byKind)
                .containsOnlyKeys("Namespace", "ServiceAccount", "ConfigMap", "PersistentVolumeClaim", "CronJob");
        String namespace = byKind.get("Namespace").get("metadata").get("name").asText();
        docs.stream()
                .filter(d -> !d.get("kind").asText().equals("Namespace"))
                .forEach(d ->
                        assertThat(d.get("metadata").get("namespace").asText()).isEqualTo(namespace));
        JsonNode cron = byKind.get("CronJob").get("spec");
        JsonNode job = cron.get("jobTemplate").get("spec");
        JsonNode pod = job.get("template").get("spec");
        assertThat(cron.get("concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(job.get("activeDeadlineSeconds").asInt()).isPositive();
        assertThat(job.get("podFailurePolicy").get("rules")).isNotEmpty();
        assertThat(pod.get("volumes").findValuesAsText("claimName"))
                .containsExactly(byKind.get("PersistentVolumeClaim")
                        .get("metadata")
                        .get("name")
                        .asText());
        // runAsNonRoot needs a numeric user: the image's, as the Dockerfile sets it.
        Matcher user = Pattern.compile("(?m)^USER (\\d+)(:\\d+)?$").matcher(Files.readString(Path.of("Dockerfile")));
        assertThat(user.find()).as("the Dockerfile's USER is numeric").isTrue();
        assertThat(pod.get("securityContext").get("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.get("securityContext").get("runAsUser").asText()).isEqualTo(user.group(1));

        seed();
        Path config = config();
        Path reports = home.resolve("reports");
        JsonNode container = pod.get("containers").get(0);
        int completions = job.get("completions").asInt();
        for (int i = 0; i < completions; i++) {
            List<String> args = new ArrayList<>();
            container
                    .get("args")
                    .forEach(a -> args.add(
                            a.asText().replace("/config/", config + "/").replace("/reports/", reports + "/")));
            JarProcess.Result r = worker().env("JOB_COMPLETION_INDEX", String.valueOf(i))
                    .env("JOB_NAME", "ecrsweep-29311420")
                    .run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
        }

        assertWholeRun(reports.resolve("ecrsweep-29311420.json"), "ecrsweep-29311420");
        assertThat(Files.list(reports.resolve("ecrsweep-29311420"))).hasSize(completions);
    }

    // ---- AWS Batch

    /** Checks a file against an operation's input in botocore's service model (the AWS SDK for Python's). */
    private static void validateWithBotocore(String service, String operation, Path file) throws Exception {
        String script = String.join(
                "\n",
                "import json, sys",
                "import botocore.session",
                "from botocore.validate import validate_parameters",
                "model = botocore.session.get_session().get_service_model(sys.argv[1])",
                "shape = model.operation_model(sys.argv[2]).input_shape",
                "validate_parameters(json.load(open(sys.argv[3])), shape)");
        Process p = new ProcessBuilder("python3", "-c", script, service, operation, file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0 && out.contains("No module named 'botocore'")) {
            if ("true".equals(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail("botocore is missing, and CI=true needs it to check " + file);
            }
            Assumptions.abort("botocore (the AWS SDK for Python) is not installed: the Batch example is not checked");
        }
        assertThat(p.exitValue())
                .as(file + " against " + service + " " + operation + ":\n" + out)
                .isZero();
    }

    @Test
    void theBatchJobIsValidForTheServiceAndItsChildrenRunToTheMergedReport() throws Exception {
        validateWithBotocore("batch", "CreateComputeEnvironment", BATCH.resolve("compute-environment.json"));
        validateWithBotocore("batch", "CreateJobQueue", BATCH.resolve("job-queue.json"));
        validateWithBotocore("batch", "RegisterJobDefinition", BATCH.resolve("sweep-job-definition.json"));
        JsonNode definition = EcrEmulator.json()
                .readTree(BATCH.resolve("sweep-job-definition.json").toFile());
        JsonNode queue =
                EcrEmulator.json().readTree(BATCH.resolve("job-queue.json").toFile());
        JsonNode compute = EcrEmulator.json()
                .readTree(BATCH.resolve("compute-environment.json").toFile());
        assertThat(queue.get("computeEnvironmentOrder")
                        .get(0)
                        .get("computeEnvironment")
                        .asText())
                .isEqualTo(compute.get("computeEnvironmentName").asText());
        assertThat(definition.get("timeout").get("attemptDurationSeconds").asInt())
                .isPositive();
        assertThat(definition.get("retryStrategy").get("evaluateOnExit")).isNotEmpty();

        seed();
        Path root = home.resolve("efs");
        Path config = config();
        Files.createDirectories(root);
        Files.move(config, root.resolve("config"));
        String parent = "7b1e9f0a-4c2d-4e8b-9a6f-0d3c5b7e1f2a";
        int size = 4;
        for (int i = 0; i < size; i++) {
            List<String> args = new ArrayList<>();
            definition
                    .get("containerProperties")
                    .get("command")
                    .forEach(a -> args.add(a.asText().replace("/ecrsweep/", root + "/")));
            JarProcess.Result r = worker().env("AWS_BATCH_JOB_ARRAY_INDEX", String.valueOf(i))
                    .env("AWS_BATCH_JOB_ID", parent + ":" + i)
                    .run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
        }

        assertWholeRun(root.resolve("reports/" + parent + ".json"), parent);
    }

    // ---- GitHub Actions

    /** A step's shell script, its expressions replaced as GitHub would for this shard and run. */
    private static String script(JsonNode job, String stepName, Map<String, String> expressions) {
        for (JsonNode step : job.get("steps")) {
            if (step.path("name").asText().startsWith(stepName)) {
                String run = step.get("run").asText();
                for (Map.Entry<String, String> e : expressions.entrySet()) {
                    run = run.replace("${{ " + e.getKey() + " }}", e.getValue());
                }
                assertThat(run).as("every expression replaced").doesNotContain("${{");
                return run;
            }
        }
        throw new AssertionError("no step named " + stepName);
    }

    /** Runs a step's script with bash -e, as GitHub's runner does, with ecrsweep on the PATH. */
    private int bash(String script, Path workDir, Map<String, String> env) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("ecrsweep");
        if (!Files.exists(launcher)) {
            Files.writeString(
                    launcher,
                    "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '"
                            + JarProcess.jar() + "' \"$@\"\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        pb.environment()
                .put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        home.resolve(".aws/credentials").toString());
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        pb.environment().put("AWS_ENDPOINT_URL", ecr.endpoint());
        pb.environment().putAll(env);
        Path log = Files.createTempFile(home, "step", ".log");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) {
            System.out.println(Files.readString(log));
        }
        return p.exitValue();
    }

    @Test
    void theGitHubMatrixRunsItsShardsAndItsMergeJobToOneReport() throws Exception {
        JsonNode workflow = YAML.readTree(GITHUB.toFile());
        assertThat(workflow.get("concurrency").get("cancel-in-progress").asBoolean())
                .isFalse();
        JsonNode sweep = workflow.get("jobs").get("sweep");
        JsonNode merge = workflow.get("jobs").get("merge");
        assertThat(sweep.get("timeout-minutes").asInt()).isPositive();
        assertThat(sweep.get("strategy").get("fail-fast").asBoolean()).isFalse();
        assertThat(merge.get("needs").asText()).isEqualTo("sweep");

        seed();
        Path repo = Files.createDirectories(home.resolve("repo"));
        Path config = config();
        Files.createDirectories(repo.resolve("ecr"));
        Files.copy(config.resolve("rules.yaml"), repo.resolve("ecr/rules.yaml"));
        Files.copy(config.resolve("targets.yaml"), repo.resolve("ecr/targets.yaml"));
        Map<String, String> env = new HashMap<>();
        workflow.get("env")
                .properties()
                .forEach(f -> env.put(f.getKey(), f.getValue().asText()));
        String runId = "7351042";
        for (JsonNode shard : sweep.get("strategy").get("matrix").get("shard")) {
            String run = script(sweep, "Sweep shard", Map.of("matrix.shard", shard.asText(), "github.run_id", runId));
            assertThat(bash(run, repo, env)).as("shard " + shard).isZero();
        }
        Path summary = repo.resolve("summary.md");
        Map<String, String> mergeEnv = new HashMap<>(env);
        mergeEnv.put("GITHUB_STEP_SUMMARY", summary.toString());

        int merged = bash(script(merge, "One report", Map.of("github.run_id", runId)), repo, mergeEnv);

        assertThat(merged).isZero();
        assertThat(Files.readString(summary)).contains("Targets: 6, 6 fine");
        assertWholeRun(repo.resolve("merged-" + runId + ".json"), runId);
    }
}
