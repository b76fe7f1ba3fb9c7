package io.github.ecrsweep.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import io.github.ecrsweep.registry.k8s.KubernetesApiStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * What could run again, end to end on the emulator: ECS by what can start a task (schedules, rules, the newest
 * revisions of each family, not every ACTIVE one), CloudFormation stacks, AWS Batch job definitions and the
 * rollback targets of a Kubernetes list. Each test shows an image kept that a narrower scan would delete, and an
 * image deleted that a scan of every ACTIVE task definition keeps.
 */
@ExtendWith(EcrEmulator.class)
@SuppressWarnings("unchecked") // the SDK builders' varargs of consumers
class WhatCouldRunIT {

    private static final String HOST = EcrEmulator.ACCOUNT + ".dkr.ecr." + EcrEmulator.REGION + ".amazonaws.com";
    private static final String ARN = ":" + EcrEmulator.REGION + ":" + EcrEmulator.ACCOUNT + ":";

    @TempDir
    Path home;

    /** Untagged images of one repository, the first the oldest. */
    private static List<SeedImage> images(Seed seed, String repository, int count) {
        List<SeedImage> images = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            images.add(seed.image(repository, repository + "-" + i, EndToEndIT.daysAgo(40 - i)));
        }
        return images;
    }

    @Test
    void ecsKeepsWhatSchedulesRulesServicesAndRecentRevisionsStartAndDeletesAnOldRevisionsImage(EcrEmulator.Server ecr)
            throws Exception {
        Seed seed = new Seed();
        List<SeedImage> nightly = images(seed, "jobs/nightly", 8);
        ecr.seed(seed);
        try (EcsClient ecs = EcrEmulator.client(EcsClient.builder(), ecr);
                EventBridgeClient events = EcrEmulator.client(EventBridgeClient.builder(), ecr);
                SchedulerClient scheduler = EcrEmulator.client(SchedulerClient.builder(), ecr)) {
            ecs.createCluster(r -> r.clusterName("batch"));
            // One revision per deployment, as a CI pipeline registers them: revision i runs image i.
            for (SeedImage image : nightly) {
                ecs.registerTaskDefinition(r -> r.family("nightly")
                        .containerDefinitions(c -> c.name("job")
                                .image(HOST + "/jobs/nightly@" + image.digest())
                                .memory(128)));
            }
            String cluster = "arn:aws:ecs" + ARN + "cluster/batch";
            String role = "arn:aws:iam::" + EcrEmulator.ACCOUNT + ":role/events";
            // Revision 1 runs at 02:00 from EventBridge Scheduler, revision 2 from an EventBridge rule.
            scheduler.createSchedule(r -> r.name("nightly-report")
                    .scheduleExpression("cron(0 2 * * ? *)")
                    .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                    .target(t -> t.arn(cluster)
                            .roleArn(role)
                            .ecsParameters(
                                    p -> p.taskDefinitionArn("arn:aws:ecs" + ARN + "task-definition/nightly:1"))));
            events.putRule(r -> r.name("weekly-cleanup").scheduleExpression("rate(7 days)"));
            events.putTargets(r -> r.rule("weekly-cleanup")
                    .targets(t -> t.id("1")
                            .arn(cluster)
                            .roleArn(role)
                            .ecsParameters(
                                    p -> p.taskDefinitionArn("arn:aws:ecs" + ARN + "task-definition/nightly:2"))));
        }
        String[] plan = {"delete-untagged", "--all", "--older-than", "1d", "--in-use", "ecs", "--stats", "-o", "json"};

        // As every ACTIVE revision pinned its image, today's scan keeps all eight.
        JarProcess.Result everything =
                EcrEmulator.jar(home, ecr).run(concat(plan, "--keep-task-definitions", "all", "--dry-run"));
        assertThat(everything.exitCode()).as(everything.err()).isZero();
        Map<String, JsonNode> all = EcrEmulator.decisions(EcrEmulator.json().readTree(everything.out()));
        assertThat(EcrEmulator.inUse(all.get(nightly.get(2).digest()))).contains("ecs:task-definition/nightly:3");

        // --why: the schedule holds revision 1's image, by digest; revision 3's image nothing holds.
        String first = nightly.get(0).digest();
        JarProcess.Result why = EcrEmulator.jar(home, ecr).run(concat(plan, "--dry-run", "--why", first));
        assertThat(why.exitCode()).as(why.err()).isZero();
        String shortFirst = first.substring("sha256:".length(), "sha256:".length() + 12);
        assertThat(why.err())
                .contains("why " + shortFirst + " in jobs/nightly (")
                .contains("ecs:schedule/default/nightly-report: " + shortFirst + " (by digest)");
        JarProcess.Result unheld = EcrEmulator.jar(home, ecr)
                .run(concat(plan, "--dry-run", "--why", nightly.get(2).digest()));
        assertThat(unheld.err()).contains("no in-use source or recent pull holds it");

        // scan-in-use says per source what it read and pinned, with its calls.
        JarProcess.Result scan =
                EcrEmulator.jar(home, ecr).env("COLUMNS", "200").run("scan-in-use", "--in-use", "ecs");
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(scan.out())
                .contains("PINNED BY")
                .contains("ecs:rule 1, ecs:schedule 1, ecs:task-definition 5")
                .contains("ListTaskDefinitionFamilies 1");

        JarProcess.Result run = EcrEmulator.jar(home, ecr).run(concat(plan, "--yes"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(run.out()));
        assertThat(EcrEmulator.inUse(d.get(nightly.get(0).digest())))
                .containsExactly("ecs:schedule/default/nightly-report");
        assertThat(EcrEmulator.inUse(d.get(nightly.get(1).digest()))).containsExactly("ecs:rule/weekly-cleanup");
        assertThat(EcrEmulator.inUse(d.get(nightly.get(7).digest())))
                .containsExactly("ecs:task-definition/nightly:8 (newest 5)");
        // Revision 3 is neither recent, scheduled nor deployed: its image goes.
        assertThat(ecr.digests("jobs/nightly"))
                .doesNotContain(nightly.get(2).digest())
                .contains(
                        nightly.get(0).digest(),
                        nightly.get(1).digest(),
                        nightly.get(3).digest())
                .hasSize(7);
        assertThat(run.err())
                .contains("ListTaskDefinitionFamilies 1")
                .contains("ListRuleNamesByTarget 1")
                .contains("ListSchedules 1")
                .contains("GetSchedule 1");
    }

    @Test
    void stackTemplatesAndRecentJobDefinitionsKeepTheirImages(EcrEmulator.Server ecr) throws Exception {
        Seed seed = new Seed();
        SeedImage deployed = seed.image("jobs/report", "report-deployed", EndToEndIT.daysAgo(20));
        SeedImage undeployed = seed.image("jobs/report", "report-old", EndToEndIT.daysAgo(30));
        List<SeedImage> etl = images(seed, "jobs/etl", 7);
        ecr.seed(seed);
        String template = """
                Parameters:
                  Digest:
                    Type: String
                Resources:
                  Report:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      Family: report
                      ContainerDefinitions:
                        - Name: report
                          Memory: 128
                          Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/jobs/report@${Digest}"
                """;
        try (CloudFormationClient cloudformation = EcrEmulator.client(CloudFormationClient.builder(), ecr);
                BatchClient batch = EcrEmulator.client(BatchClient.builder(), ecr)) {
            cloudformation.createStack(r -> r.stackName("report")
                    .templateBody(template)
                    .parameters(p -> p.parameterKey("Digest").parameterValue(deployed.digest())));
            for (SeedImage image : etl) {
                batch.registerJobDefinition(r -> r.jobDefinitionName("etl")
                        .type(JobDefinitionType.CONTAINER)
                        .containerProperties(c -> c.image(HOST + "/jobs/etl@" + image.digest())
                                .resourceRequirements(
                                        q -> q.type("VCPU").value("1"),
                                        q -> q.type("MEMORY").value("128"))));
            }
        }

        JarProcess.Result run = EcrEmulator.jar(home, ecr)
                .run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "1d",
                        "--in-use",
                        "cloudformation,batch",
                        "--yes",
                        "--stats",
                        "-o",
                        "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(run.out()));
        assertThat(EcrEmulator.inUse(d.get(deployed.digest()))).containsExactly("cloudformation:stack/report");
        assertThat(EcrEmulator.inUse(d.get(etl.get(6).digest())))
                .containsExactly("batch:job-definition/etl:7 (newest 5)");
        assertThat(ecr.digests("jobs/report")).containsExactly(deployed.digest());
        assertThat(ecr.digests("jobs/etl"))
                .containsExactlyInAnyOrderElementsOf(
                        etl.subList(2, 7).stream().map(SeedImage::digest).toList());
        assertThat(run.err()).contains("GetTemplate 1").contains("DescribeJobDefinitions 1");
    }

    @Test
    void aDeploymentsOldReplicaSetIsARollbackTargetAndAnUnknownKindRefusesTheList(EcrEmulator.Server ecr)
            throws Exception {
        Seed seed = new Seed();
        SeedImage previous = seed.image("shop/web", "web-previous", EndToEndIT.daysAgo(20));
        SeedImage db = seed.image("data/db", "db-revision", EndToEndIT.daysAgo(20));
        SeedImage unused = seed.image("shop/web", "web-unused", EndToEndIT.daysAgo(30));
        ecr.seed(seed);
        String history = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
                + "{\"kind\":\"ReplicaSet\",\"metadata\":{\"namespace\":\"shop\",\"name\":\"web-5d9\"},"
                + "\"spec\":{\"replicas\":0,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\""
                + HOST + "/shop/web@" + previous.digest() + "\"}]}}}},"
                + "{\"kind\":\"ControllerRevision\",\"metadata\":{\"namespace\":\"data\",\"name\":\"db-7c4\"},"
                + "\"revision\":1,\"data\":{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"db\","
                + "\"image\":\"" + HOST + "/data/db@" + db.digest() + "\"}]}}}}}]}";
        Path rollbacks = home.resolve("rollbacks.json");
        Files.writeString(rollbacks, history);
        Path mixed = home.resolve("mixed.json");
        Files.writeString(mixed, history.replace("]}", ",{\"kind\":\"Service\",\"metadata\":{\"name\":\"web\"}}]}"));

        JarProcess.Result refused = EcrEmulator.jar(home, ecr)
                .run("delete-untagged", "--all", "--older-than", "1d", "--in-use-k8s", mixed.toString(), "--yes");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("holds kinds that run no container: Service 1");
        assertThat(ecr.digests("shop/web")).contains(unused.digest());

        JarProcess.Result run = EcrEmulator.jar(home, ecr)
                .run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "1d",
                        "--in-use-k8s",
                        rollbacks.toString(),
                        "--yes",
                        "-o",
                        "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, JsonNode> d = EcrEmulator.decisions(EcrEmulator.json().readTree(run.out()));
        assertThat(EcrEmulator.inUse(d.get(previous.digest()))).containsExactly("k8s:replicaset/shop/web-5d9");
        assertThat(EcrEmulator.inUse(d.get(db.digest()))).containsExactly("k8s:controllerrevision/data/db-7c4");
        assertThat(ecr.digests("shop/web")).containsExactly(previous.digest());
    }

    @Test
    void aClusterReadFromItsApiKeepsWhatItsWorkloadsCouldRunAndAForbiddenNamespaceStopsTheRun(EcrEmulator.Server ecr)
            throws Exception {
        Seed seed = new Seed();
        SeedImage rollback = seed.image("shop/web", "web-rollback", EndToEndIT.daysAgo(20));
        SeedImage unused = seed.image("shop/web", "web-unused", EndToEndIT.daysAgo(30));
        ecr.seed(seed);
        for (boolean forbidden : new boolean[] {true, false}) {
            try (KubernetesApiStandIn cluster = new KubernetesApiStandIn("k8s-aws-v1.e2e")) {
                cluster.add("replicasets", "shop", "web-5d9", HOST + "/shop/web@" + rollback.digest());
                if (forbidden) {
                    // Namespaced RBAC: the cluster-wide list is refused, and so is one namespace.
                    cluster.forbidClusterWide("replicasets").forbidNamespace("kube-system");
                    cluster.add("pods", "kube-system", "coredns", "registry.k8s.io/coredns:1.11");
                }
                JarProcess.Result r = EcrEmulator.jar(home, ecr)
                        .env("KUBECONFIG", cluster.kubeconfig(home, "prod-eu").toString())
                        .run(
                                "delete-untagged",
                                "--all",
                                "--older-than",
                                "1d",
                                "--in-use-k8s-context",
                                "prod-*",
                                "--yes",
                                "-o",
                                "json");

                if (forbidden) {
                    assertThat(r.exitCode()).isEqualTo(1);
                    assertThat(r.err())
                            .contains("in-use source 'k8s-context:prod-*' cannot be read, so nothing was planned or"
                                    + " changed")
                            .contains("may not list replicasets in namespace 'kube-system' (403 Forbidden)");
                    assertThat(ecr.digests("shop/web")).contains(unused.digest());
                } else {
                    assertThat(r.exitCode()).as(r.err()).isZero();
                    Map<String, JsonNode> d =
                            EcrEmulator.decisions(EcrEmulator.json().readTree(r.out()));
                    assertThat(EcrEmulator.inUse(d.get(rollback.digest())))
                            .containsExactly("k8s:prod-eu/replicaset/shop/web-5d9");
                    assertThat(ecr.digests("shop/web")).containsExactly(rollback.digest());
                }
            }
        }
    }

    @Test
    void aScheduleThatCannotBeReadStopsTheRunWithNothingDeleted(EcrEmulator.Server ecr) throws Exception {
        Seed seed = new Seed();
        SeedImage a = seed.image("shop/web", "a", EndToEndIT.daysAgo(10));
        ecr.seed(seed);
        WireMockServer denied = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        denied.start();
        try {
            denied.stubFor(any(anyUrl())
                    .willReturn(aResponse()
                            .withStatus(403)
                            .withHeader("Content-Type", "application/json")
                            .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                            .withBody("{\"Message\":\"not authorized to perform: scheduler:ListSchedules\"}")));
            String[] args = {"delete-untagged", "--all", "--older-than", "1d", "--in-use", "ecs", "--yes"};

            JarProcess.Result stopped = EcrEmulator.jar(home, ecr)
                    .env("AWS_ENDPOINT_URL_SCHEDULER", "http://127.0.0.1:" + denied.port())
                    .run(args);

            assertThat(stopped.exitCode()).isEqualTo(1);
            assertThat(stopped.err())
                    .contains("in-use source 'ecs' cannot be read, so nothing was planned or changed")
                    .contains("scheduler:ListSchedules");
            assertThat(ecr.digests("shop/web")).contains(a.digest());
        } finally {
            denied.stop();
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
