package io.github.ecrsweep.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.PackageType;

/**
 * In-use protection, end to end: the packaged jar against the emulator's ECR, ECS and Lambda (moto, with
 * the digests ECS and Lambda resolve, which moto lacks, added by the harness), a Kubernetes pod list, a pin
 * file, and Amazon Inspector's coverage API served by a WireMock stub.
 */
@ExtendWith(EcrEmulator.class)
class InUseIT {

    private static final String HOST = EcrEmulator.ACCOUNT + ".dkr.ecr." + EcrEmulator.REGION + ".amazonaws.com";
    private static final Instant NOW = Instant.now();

    @TempDir
    Path home;

    EcrEmulator.Server ecr;
    WireMockServer inspector;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
        inspector = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        inspector.start();
    }

    @AfterEach
    void stopInspector() {
        inspector.stop();
    }

    private JarProcess jar() {
        return JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", EcrEmulator.REGION)
                // ECS and Lambda at the emulator, Inspector at its stub: the SDK's own endpoint settings.
                .env("AWS_ENDPOINT_URL", ecr.endpoint())
                .env("AWS_ENDPOINT_URL_INSPECTOR2", "http://127.0.0.1:" + inspector.port());
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(
            B builder, String endpoint) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.of(EcrEmulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    private EcsClient ecs() {
        return client(EcsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), ecr.endpoint());
    }

    private LambdaClient lambda() {
        return client(LambdaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), ecr.endpoint());
    }

    private static software.amazon.awssdk.services.ecs.model.ContainerDefinition webContainer() {
        return software.amazon.awssdk.services.ecs.model.ContainerDefinition.builder()
                .name("web")
                .image(HOST + "/shop/web:prod")
                .memory(256)
                .build();
    }

    /** Moves a tag to a new image, as a push does: the image that had it is left untagged. */
    private String push(String repository, String name, String tag) {
        SeedImage image = new Seed().image(repository, name, NOW, tag);
        try (EcrClient client = ecr.client()) {
            client.putImage(r ->
                    r.repositoryName(repository).imageManifest(image.manifest()).imageTag(tag));
        }
        return image.digest();
    }

    @Test
    void whatEcsLambdaAPodOrAPinFileUsesStaysAndItsUnusedNeighboursGo() throws Exception {
        Seed seed = new Seed();
        // ECS: the service started on web:prod; the tag has moved since, so the digest it runs is untagged now.
        SeedImage running = seed.image("shop/web", "web-1", EndToEndIT.daysAgo(10), "prod");
        SeedImage webUnused = seed.image("shop/web", "web-unused", EndToEndIT.daysAgo(12));
        // Lambda: version 1 (alias live) was published from resize:prod; $LATEST runs the next image.
        SeedImage published = seed.image("fn/resize", "resize-1", EndToEndIT.daysAgo(10), "prod");
        SeedImage resizeUnused = seed.image("fn/resize", "resize-unused", EndToEndIT.daysAgo(12));
        // Kubernetes: a pod runs an untagged image by digest.
        SeedImage podImage = seed.image("payments/api", "api-pod", EndToEndIT.daysAgo(10));
        SeedImage apiUnused = seed.image("payments/api", "api-unused", EndToEndIT.daysAgo(12));
        // A pin file: an untagged multi-arch index, pinned; another one, not pinned.
        SeedImage amd64 = seed.ociImage("base/runtime", "rt-amd64", EndToEndIT.daysAgo(20));
        SeedImage arm64 = seed.ociImage("base/runtime", "rt-arm64", EndToEndIT.daysAgo(20));
        SeedImage pinnedIndex =
                seed.index("base/runtime", "rt-index", Seed.OCI_INDEX, EndToEndIT.daysAgo(20), List.of(amd64, arm64));
        SeedImage oldAmd64 = seed.ociImage("base/runtime", "rt-old-amd64", EndToEndIT.daysAgo(30));
        SeedImage oldIndex =
                seed.index("base/runtime", "rt-old-index", Seed.OCI_INDEX, EndToEndIT.daysAgo(30), List.of(oldAmd64));
        ecr.seed(seed);

        try (EcsClient ecs = ecs();
                LambdaClient lambda = lambda()) {
            ecs.createCluster(r -> r.clusterName("prod"));
            ecs.registerTaskDefinition(r -> r.family("web").containerDefinitions(webContainer()));
            ecs.runTask(r -> r.cluster("prod")
                    .taskDefinition("web")
                    .launchType(LaunchType.FARGATE)
                    .group("service:web")
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1"))));
            lambda.createFunction(r -> r.functionName("resize")
                    .role(ecr.lambdaRole())
                    .packageType(PackageType.IMAGE)
                    .code(c -> c.imageUri(HOST + "/fn/resize:prod")));
            String version =
                    lambda.publishVersion(r -> r.functionName("resize")).version();
            lambda.createAlias(r -> r.functionName("resize").name("live").functionVersion(version));
            push("shop/web", "web-2", "prod");
            push("fn/resize", "resize-2", "prod");
            lambda.updateFunctionCode(r -> r.functionName("resize").imageUri(HOST + "/fn/resize:prod"));
        }
        Path pods = home.resolve("pods.json");
        Files.writeString(
                pods,
                "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"namespace\":\"payments\",\"name\":\"api-7f9\"},"
                        + "\"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\"" + HOST + "/payments/api:v3\"}]},"
                        + "\"status\":{\"containerStatuses\":[{\"name\":\"api\",\"imageID\":\"" + HOST
                        + "/payments/api@" + podImage.digest() + "\"}]}}]}");
        Path pins = home.resolve("pins.txt");
        Files.writeString(pins, "# the runtime every build starts from\nbase/runtime@" + pinnedIndex.digest() + "\n");

        JarProcess.Result r = jar().run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "1d",
                        "--in-use",
                        "ecs,lambda",
                        "--in-use-k8s",
                        pods.toString(),
                        "--pin-file",
                        pins.toString(),
                        "--endpoint-url",
                        ecr.endpoint(),
                        "--yes",
                        "--stats",
                        "-o",
                        "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(r.out()));
        assertThat(EcrEmulator.inUse(d.get(running.digest()))).containsExactly("ecs:service/prod/web");
        assertThat(EcrEmulator.inUse(d.get(published.digest())))
                .containsExactlyInAnyOrder("lambda:function/resize:1", "lambda:function/resize:live");
        assertThat(EcrEmulator.inUse(d.get(podImage.digest()))).containsExactly("k8s:pod/payments/api-7f9");
        for (SeedImage kept : List.of(pinnedIndex, amd64, arm64)) {
            assertThat(d.get(kept.digest()).get("reason").asText()).isEqualTo("in-use");
            assertThat(EcrEmulator.inUse(d.get(kept.digest()))).containsExactly("file:" + pins + ":2");
        }
        assertThat(ecr.digests("shop/web")).contains(running.digest()).doesNotContain(webUnused.digest());
        assertThat(ecr.digests("fn/resize")).contains(published.digest()).doesNotContain(resizeUnused.digest());
        assertThat(ecr.digests("payments/api")).contains(podImage.digest()).doesNotContain(apiUnused.digest());
        assertThat(ecr.digests("base/runtime"))
                .contains(pinnedIndex.digest(), amd64.digest(), arm64.digest())
                .doesNotContain(oldIndex.digest(), oldAmd64.digest());
        assertThat(r.err())
                .contains("In-use source ecs: ")
                .contains("DescribeTasks 1")
                .contains("In-use source lambda: ")
                .contains("GetFunction 2");
    }

    /** Inspector's coverage of ECR images, as ListCoverage answers: two pages, epoch-second timestamps. */
    private void stubCoverage(String... resources) {
        String page1 = "{\"coveredResources\":[" + resources[0] + "],\"nextToken\":\"page-2\"}";
        String page2 =
                "{\"coveredResources\":[" + String.join(",", List.of(resources).subList(1, resources.length)) + "]}";
        inspector.stubFor(post(urlEqualTo("/coverage/list"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 .*/inspector2/aws4_request.*"))
                .withRequestBody(notContaining("nextToken"))
                .withRequestBody(equalToJson(
                        "{\"filterCriteria\":{\"resourceType\":[{\"comparison\":\"EQUALS\","
                                + "\"value\":\"AWS_ECR_CONTAINER_IMAGE\"}]},\"maxResults\":200}",
                        true,
                        false))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(page1)));
        inspector.stubFor(post(urlEqualTo("/coverage/list"))
                .withRequestBody(containing("\"nextToken\":\"page-2\""))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(page2)));
    }

    private static String covered(SeedImage image, String repository, String metadata) {
        return "{\"accountId\":\"" + EcrEmulator.ACCOUNT + "\",\"resourceId\":\"arn:aws:ecr:" + EcrEmulator.REGION + ":"
                + EcrEmulator.ACCOUNT + ":repository/" + repository + "/" + image.digest()
                + "\",\"resourceType\":\"AWS_ECR_CONTAINER_IMAGE\",\"scanType\":\"PACKAGE\","
                + "\"resourceMetadata\":{\"ecrRepository\":{\"name\":\"" + repository + "\"},\"ecrImage\":" + metadata
                + "}}";
    }

    @Test
    void imagesInspectorSawInUseStayAcrossPagesAndOlderUseDoesNot() throws Exception {
        Seed seed = new Seed();
        SeedImage now = seed.image("shop/web", "now", EndToEndIT.daysAgo(10));
        SeedImage lately = seed.image("shop/web", "lately", EndToEndIT.daysAgo(11));
        SeedImage longAgo = seed.image("shop/web", "long-ago", EndToEndIT.daysAgo(90));
        ecr.seed(seed);
        long tenDaysAgo = NOW.minusSeconds(10 * 86_400).getEpochSecond();
        long sixtyDaysAgo = NOW.minusSeconds(60 * 86_400).getEpochSecond();
        stubCoverage(
                covered(now, "shop/web", "{\"inUseCount\":2,\"lastInUseAt\":" + NOW.getEpochSecond() + "}"),
                covered(lately, "shop/web", "{\"inUseCount\":0,\"lastInUseAt\":" + tenDaysAgo + "}"),
                covered(longAgo, "shop/web", "{\"inUseCount\":0,\"lastInUseAt\":" + sixtyDaysAgo + "}"));

        JarProcess.Result r = jar().run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "1d",
                        "--in-use",
                        "inspector",
                        "--in-use-within",
                        "30d",
                        "--endpoint-url",
                        ecr.endpoint(),
                        "--yes",
                        "-o",
                        "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(r.out()));
        assertThat(EcrEmulator.inUse(d.get(now.digest()))).containsExactly("inspector:inUseCount=2");
        assertThat(EcrEmulator.inUse(d.get(lately.digest())).get(0)).startsWith("inspector:lastInUseAt=");
        assertThat(ecr.digests("shop/web"))
                .contains(now.digest(), lately.digest())
                .doesNotContain(longAgo.digest());
        inspector.verify(2, postRequestedFor(urlEqualTo("/coverage/list")));
    }

    @Test
    void anAccessDeniedSourceStopsTheRunWithNothingDeletedUnlessMadeOptional() throws Exception {
        Seed seed = new Seed();
        SeedImage a = seed.image("shop/web", "a", EndToEndIT.daysAgo(10));
        SeedImage b = seed.image("shop/web", "b", EndToEndIT.daysAgo(11));
        ecr.seed(seed);
        inspector.stubFor(post(urlEqualTo("/coverage/list"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                        .withBody("{\"message\":\"User is not authorized to perform: inspector2:ListCoverage\"}")));
        String[] args = {
            "delete-untagged",
            "--all",
            "--older-than",
            "1d",
            "--in-use",
            "inspector",
            "--endpoint-url",
            ecr.endpoint(),
            "--yes"
        };

        JarProcess.Result stopped = jar().run(args);

        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.out()).isEmpty();
        assertThat(stopped.err().lines().toList())
                .containsExactly("ecrsweep: in-use source 'inspector' cannot be read, so nothing was planned or"
                        + " changed: access denied: the credentials may not call inspector2:ListCoverage in region "
                        + EcrEmulator.REGION
                        + " (AccessDeniedException) (--in-use-optional inspector goes on without it)");
        assertThat(ecr.digests("shop/web")).contains(a.digest(), b.digest());

        JarProcess.Result optional = jar().run(
                        Stream.concat(Stream.of(args), Stream.of("--in-use-optional", "inspector"))
                                .toArray(String[]::new));

        assertThat(optional.exitCode()).as(optional.err()).isZero();
        assertThat(optional.err()).contains("warning: in-use source 'inspector' was not read (access denied");
        assertThat(ecr.digests("shop/web")).doesNotContain(a.digest(), b.digest());
    }

    @Test
    void aScanOfOneAccountsWorkloadsProtectsTheCentralRegistryAndAPreviewWarns() throws Exception {
        Seed seed = new Seed();
        SeedImage running = seed.image("shop/web", "web-1", EndToEndIT.daysAgo(10), "prod");
        SeedImage unused = seed.image("shop/web", "web-0", EndToEndIT.daysAgo(20));
        ecr.seed(seed);
        String workloads = "222222222222";
        String[] key = ecr.createAccessKey(workloads);
        EcsClient workloadEcs = EcsClient.builder()
                .endpointOverride(URI.create(ecr.endpoint()))
                .region(Region.of(EcrEmulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key[0], key[1])))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        try (workloadEcs) {
            workloadEcs.createCluster(r -> r.clusterName("prod"));
            workloadEcs.registerTaskDefinition(r -> r.family("web").containerDefinitions(webContainer()));
            workloadEcs.runTask(r -> r.cluster("prod")
                    .taskDefinition("web")
                    .launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1"))));
        }
        JarProcess.Result scan = jar().env("AWS_ACCESS_KEY_ID", key[0])
                .env("AWS_SECRET_ACCESS_KEY", key[1])
                .run("scan-in-use", "--in-use", "ecs", "-o", "json");
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        Path file = home.resolve("in-use.json");
        Files.writeString(file, scan.out());
        push("shop/web", "web-2", "prod");
        String policy = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":"
                + "\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
        Path policyFile = home.resolve("policy.json");
        Files.writeString(policyFile, policy);

        JarProcess.Result preview = jar().run(
                        "put-policy",
                        "-r",
                        "shop/web",
                        "--policy",
                        policyFile.toString(),
                        "--in-use-file",
                        file.toString(),
                        "--endpoint-url",
                        ecr.endpoint(),
                        "--dry-run",
                        "-o",
                        "json");
        JarProcess.Result deletion = jar().run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "1d",
                        "--in-use-file",
                        file.toString(),
                        "--endpoint-url",
                        ecr.endpoint(),
                        "--yes",
                        "-o",
                        "json");

        assertThat(preview.exitCode()).as(preview.err()).isZero();
        JsonNode plan = EcrEmulator.json().readTree(preview.out());
        JsonNode flagged = EcrEmulator.decisions(plan).get(running.digest());
        assertThat(flagged.get("action").asText())
                .as("ECR would expire it: the preview stays exact")
                .isEqualTo("expire");
        assertThat(EcrEmulator.inUse(flagged)).hasSize(1).allMatch(s -> s.startsWith("ecs:task/prod/"));
        assertThat(plan.get("summary").get("inUseActions").asInt()).isEqualTo(1);
        assertThat(preview.err()).contains("ECR would expire or archive 1 image in use");
        assertThat(deletion.exitCode()).as(deletion.err()).isZero();
        assertThat(ecr.digests("shop/web")).contains(running.digest()).doesNotContain(unused.digest());
        assertThat(EcrEmulator.inUse(EcrEmulator.decisions(EcrEmulator.json().readTree(deletion.out()))
                        .get(running.digest())))
                .allMatch(s -> s.startsWith("ecs:task/prod/"));
    }

    @Test
    void anEcsDescribeThatAnswersWithFailuresStopsTheRunAsAnUnreachableSourceDoes() throws Exception {
        Seed seed = new Seed();
        SeedImage a = seed.image("shop/web", "a", EndToEndIT.daysAgo(10));
        ecr.seed(seed);
        String cluster = "arn:aws:ecs:" + EcrEmulator.REGION + ":" + EcrEmulator.ACCOUNT + ":cluster/prod";
        String task = "arn:aws:ecs:" + EcrEmulator.REGION + ":" + EcrEmulator.ACCOUNT + ":task/prod/0f1e";
        // ECS at a stub (the same WireMock server): one running task, which DescribeTasks fails to describe.
        stubEcs("ListClusters", "{\"clusterArns\":[\"" + cluster + "\"]}");
        stubEcs("ListTasks", "{\"taskArns\":[\"" + task + "\"]}");
        stubEcs("DescribeTasks", "{\"tasks\":[],\"failures\":[{\"arn\":\"" + task + "\",\"reason\":\"MISSING\"}]}");
        stubEcs("ListServices", "{\"serviceArns\":[]}");
        stubEcs("ListTaskDefinitions", "{\"taskDefinitionArns\":[]}");

        JarProcess.Result r = jar().env("AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:" + inspector.port())
                .run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "1d",
                        "--in-use",
                        "ecs",
                        "--endpoint-url",
                        ecr.endpoint(),
                        "--yes");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("ecrsweep: in-use source 'ecs' cannot be read, so nothing was planned or changed: ECS"
                        + " DescribeTasks answered with 1 failure (MISSING for " + task + ")")
                .hasLineCount(1);
        assertThat(ecr.digests("shop/web")).contains(a.digest());
    }

    @Test
    void referencesToOtherRegistriesAreCountedAtVerbose() throws Exception {
        Path registry = Path.of("examples/registry.json").toAbsolutePath();
        Path pods = Path.of("examples/in-use/pods.json").toAbsolutePath();

        JarProcess.Result r = jar().run(
                        "delete-untagged",
                        "--all",
                        "--snapshot",
                        registry.toString(),
                        "--in-use-k8s",
                        pods.toString(),
                        "-v");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("in-use source 'k8s:" + pods + "': 1 references of ECR registries; 1 of other registries"
                        + " (docker.io 1), which protect nothing in ECR");
    }

    private void stubEcs(String operation, String body) {
        inspector.stubFor(post(urlEqualTo("/"))
                .withHeader(
                        "X-Amz-Target",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                                "AmazonEC2ContainerServiceV20141113." + operation))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(body)));
    }

    @Test
    void oneScanCoversTheServicesOfSeveralRegions() throws Exception {
        String west = EcrEmulator.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com";
        try (EcsClient east = ecs();
                EcsClient europe = EcsClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .endpointOverride(URI.create(ecr.endpoint()))
                        .region(Region.EU_WEST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .build()) {
            east.registerTaskDefinition(r -> r.family("web").containerDefinitions(webContainer()));
            europe.registerTaskDefinition(r -> r.family("api")
                    .containerDefinitions(software.amazon.awssdk.services.ecs.model.ContainerDefinition.builder()
                            .name("api")
                            .image(west + "/shop/api:v1")
                            .memory(256)
                            .build()));
        }

        JarProcess.Result r = jar().run(
                        "scan-in-use", "--in-use", "ecs", "--region", EcrEmulator.REGION + ",eu-west-1", "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = EcrEmulator.json().readTree(r.out());
        List<String> images = new java.util.ArrayList<>();
        doc.get("images").forEach(i -> images.add(i.get("image").asText()));
        assertThat(images).contains(HOST + "/shop/web:prod", west + "/shop/api:v1");
        List<String> regions = new java.util.ArrayList<>();
        doc.get("sources").forEach(source -> regions.add(source.get("region").asText()));
        assertThat(regions).containsExactly(EcrEmulator.REGION, "eu-west-1");
    }

    @Test
    void aFleetRunReadsEveryTargetsServicesAndKeepsWhatAnyOfThemRuns() throws Exception {
        // eu-west-1's ECS runs an untagged image of us-east-1's registry: the run over both keeps it there.
        Seed seed = new Seed();
        SeedImage used = seed.image("shop/web", "used-across", EndToEndIT.daysAgo(20));
        SeedImage unused = seed.image("shop/web", "unused", EndToEndIT.daysAgo(21));
        ecr.seed(seed);
        try (EcsClient europe = EcsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(ecr.endpoint()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            europe.registerTaskDefinition(r -> r.family("web")
                    .containerDefinitions(software.amazon.awssdk.services.ecs.model.ContainerDefinition.builder()
                            .name("web")
                            .image(HOST + "/shop/web@" + used.digest())
                            .memory(256)
                            .build()));
        }

        JarProcess.Result r = jar().run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "1d",
                        "--in-use",
                        "ecs",
                        "--region",
                        EcrEmulator.REGION + ",eu-west-1",
                        "--yes",
                        "-o",
                        "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(ecr.digests("shop/web")).contains(used.digest()).doesNotContain(unused.digest());
        JsonNode doc = EcrEmulator.json().readTree(r.out());
        assertThat(doc.get("kind").asText()).isEqualTo("ecrsweep-fleet-report");
    }
}
