package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

/**
 * The scheduled deployment in AWS (examples/deploy/ecs-scheduled-task) as shipped: the CloudFormation template
 * passes cfn-lint, the Terraform module passes terraform validate against the AWS provider, and the stack, created
 * on the emulator, holds the schedule, the roles and the task whose command then runs against the emulator's
 * registry as ECS would start it.
 */
@ExtendWith(EcrEmulator.class)
class ScheduledDeploymentIT {

    private static final Path DEPLOY = Path.of("examples/deploy/ecs-scheduled-task");
    private static final String IMAGE =
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecrsweep@sha256:" + "c".repeat(64);

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:ecr-cleanup";

    @TempDir
    Path home;

    /** Runs a tool; a tool that is not installed skips the check, visibly, and fails it when CI=true. */
    private static Tool run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("CHECKPOINT_DISABLE", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(command[0] + " is not installed, and CI=true needs it to check " + DEPLOY);
            }
            Assumptions.abort(command[0] + " is not installed: " + DEPLOY + " is not checked with it");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Tool(p.exitValue(), out);
    }

    private record Tool(int exit, String out) {}

    @Test
    void theTemplatePassesCfnLint() throws Exception {
        Tool lint = run(DEPLOY, "cfn-lint", "template.yaml");

        assertThat(lint.exit()).as(lint.out()).isZero();
    }

    @Test
    void theTerraformModuleIsValidAgainstTheAwsProvider() throws Exception {
        // The provider from a local plugin directory (offline): TF_PLUGIN_DIR, else where this machine keeps it.
        String plugins = System.getenv().getOrDefault("TF_PLUGIN_DIR", "/opt/tf-plugins");
        Path module = home.resolve("module");
        Files.createDirectories(module);
        try (Stream<Path> files = Files.list(DEPLOY.resolve("terraform"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
                Files.copy(f, module.resolve(f.getFileName()));
            }
        }
        if (!Files.isDirectory(Path.of(plugins))) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(
                        "no Terraform plugin directory at " + plugins + " (TF_PLUGIN_DIR), and CI=true needs it");
            }
            Assumptions.abort("no Terraform plugin directory at " + plugins + " (set TF_PLUGIN_DIR): not validated");
        }

        Tool init = run(module, "terraform", "init", "-backend=false", "-input=false", "-plugin-dir=" + plugins);
        assertThat(init.exit()).as(init.out()).isZero();
        Tool validate = run(module, "terraform", "validate", "-json");
        assertThat(validate.exit()).as(validate.out()).isZero();
        assertThat(EcrEmulator.json()
                        .readTree(validate.out().substring(validate.out().indexOf('{')))
                        .get("valid")
                        .asBoolean())
                .as(validate.out())
                .isTrue();
        Tool fmt = run(module, "terraform", "fmt", "-check", "-diff");
        assertThat(fmt.exit()).as(fmt.out()).isZero();
    }

    private static Map<String, StackResourceSummary> create(
            CloudFormationClient cloudformation, String stack, Map<String, String> parameters) throws IOException {
        String template = Files.readString(DEPLOY.resolve("template.yaml"));
        cloudformation.createStack(r -> r.stackName(stack)
                .templateBody(template)
                .capabilitiesWithStrings("CAPABILITY_IAM")
                .parameters(parameters.entrySet().stream()
                        .map(e -> Parameter.builder()
                                .parameterKey(e.getKey())
                                .parameterValue(e.getValue())
                                .build())
                        .toList()));
        assertThat(cloudformation
                        .describeStacks(r -> r.stackName(stack))
                        .stacks()
                        .get(0)
                        .stackStatus())
                .isEqualTo(StackStatus.CREATE_COMPLETE);
        // moto lists a resource its condition left out as an entry without a name: passed over.
        return cloudformation.listStackResources(r -> r.stackName(stack)).stackResourceSummaries().stream()
                .filter(s ->
                        s.logicalResourceId() != null && !s.logicalResourceId().isEmpty())
                .collect(Collectors.toMap(StackResourceSummary::logicalResourceId, s -> s));
    }

    @Test
    void theStackSchedulesTheTaskWithItsCommandAndRolesAndTheCommandRunsAsEcsWouldStartIt(EcrEmulator.Server ecr)
            throws Exception {
        Seed seed = new Seed();
        SeedImage old = seed.image("team-a/web", "web-old", EndToEndIT.daysAgo(40));
        SeedImage kept = seed.image("team-a/web", "web-v1", EndToEndIT.daysAgo(40), "v1");
        ecr.seed(seed);
        try (CloudFormationClient cloudformation = EcrEmulator.client(CloudFormationClient.builder(), ecr);
                SchedulerClient scheduler = EcrEmulator.client(SchedulerClient.builder(), ecr);
                EcsClient ecs = EcrEmulator.client(EcsClient.builder(), ecr)) {
            Map<String, StackResourceSummary> planOnly = create(
                    cloudformation,
                    "ecrsweep-nightly",
                    Map.of(
                            "Image", IMAGE,
                            "RulesParameter", "ecrsweep/rules",
                            "Subnets", "subnet-0a1b2c3d",
                            "SecurityGroups", "sg-0a1b2c3d"));

            assertThat(planOnly)
                    .containsKeys("Cluster", "Logs", "ExecutionRole", "ReadPolicy", "ReadOnlyRole", "TaskDefinition")
                    .containsKeys("SchedulerRole", "Schedule")
                    .doesNotContainKey("DeletingRole");
            GetScheduleResponse schedule = scheduler.getSchedule(r -> r.name("ecrsweep-nightly"));
            assertThat(schedule.scheduleExpression()).isEqualTo("cron(0 3 * * ? *)");
            assertThat(schedule.target().arn()).endsWith(":cluster/ecrsweep-nightly");
            assertThat(schedule.target().roleArn()).contains("SchedulerRole");
            String definitionArn = schedule.target().ecsParameters().taskDefinitionArn();
            assertThat(schedule.target().ecsParameters().launchTypeAsString()).isEqualTo("FARGATE");
            assertThat(schedule.target()
                            .ecsParameters()
                            .networkConfiguration()
                            .awsvpcConfiguration()
                            .subnets())
                    .containsExactly("subnet-0a1b2c3d");

            TaskDefinition definition = ecs.describeTaskDefinition(r -> r.taskDefinition(definitionArn))
                    .taskDefinition();
            assertThat(definition.taskRoleArn()).contains("ReadOnlyRole");
            ContainerDefinition container = definition.containerDefinitions().get(0);
            assertThat(container.image()).isEqualTo(IMAGE);
            assertThat(container.command())
                    .containsExactly("sweep", "--rules", "env:ECRSWEEP_RULES", "--all", "--dry-run", "-o", "json");
            assertThat(container.secrets()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("ECRSWEEP_RULES");
                assertThat(s.valueFrom()).endsWith(":parameter/ecrsweep/rules");
            });

            // The task as ECS starts it: the command, with the rule file the secret puts in ECRSWEEP_RULES. The
            // default plans only: the untagged image is planned, nothing is deleted.
            JarProcess task = JarProcess.in(home)
                    .dummyCredentials()
                    .env("AWS_REGION", EcrEmulator.REGION)
                    .env("AWS_ENDPOINT_URL", ecr.endpoint())
                    .env("ECRSWEEP_RULES", untaggedRule());
            JarProcess.Result planned = task.run(container.command().toArray(String[]::new));
            assertThat(planned.exitCode()).as(planned.err()).isZero();
            JsonNode plan = EcrEmulator.json().readTree(planned.out());
            assertThat(plan.path("summary").path("delete").asInt())
                    .as(planned.out())
                    .isEqualTo(1);
            assertThat(ecr.digests("team-a/web")).containsExactlyInAnyOrder(kept.digest(), old.digest());

            // The command the stack's description gives for a schedule that changes the registry.
            JarProcess.Result deleted = task.run(
                    "sweep", "--rules", "env:ECRSWEEP_RULES", "--all", "--max-delete", "500", "--yes", "-o", "json");
            assertThat(deleted.exitCode()).as(deleted.err()).isZero();
            assertThat(EcrEmulator.json()
                            .readTree(deleted.out())
                            .path("summary")
                            .path("deleted")
                            .asInt())
                    .isEqualTo(1);
            assertThat(ecr.digests("team-a/web")).containsExactly(kept.digest());

            // A shard of a fleet that may change the registry: the deleting role, and --shard on the command.
            Map<String, StackResourceSummary> shard = create(
                    cloudformation,
                    "ecrsweep-shard-2",
                    Map.of(
                            "Image", IMAGE,
                            "RulesParameter", "ecrsweep/rules",
                            "Subnets", "subnet-0a1b2c3d",
                            "SecurityGroups", "sg-0a1b2c3d",
                            "AllowChanges", "true",
                            "TargetRoleName", "ecrsweep",
                            "Shard", "2/4",
                            "NotificationTopicArn", TOPIC));
            assertThat(shard)
                    .containsKeys("DeletingRole", "AssumeTargetRolesPolicy", "NotifyPolicy")
                    .doesNotContainKey("ReadOnlyRole");
            assertThat(planOnly).doesNotContainKey("NotifyPolicy");
            String shardArn = scheduler
                    .getSchedule(q -> q.name("ecrsweep-shard-2"))
                    .target()
                    .ecsParameters()
                    .taskDefinitionArn();
            TaskDefinition sharded =
                    ecs.describeTaskDefinition(q -> q.taskDefinition(shardArn)).taskDefinition();
            assertThat(sharded.taskRoleArn()).contains("DeletingRole");
            assertThat(sharded.containerDefinitions().get(0).command()).endsWith("--shard", "2/4", "--notify", TOPIC);
        }
    }

    /** A rule file that deletes untagged images a week old, as a team would keep it in SSM Parameter Store. */
    private static String untaggedRule() {
        return String.join(
                "\n",
                List.of(
                        "kind: ecrsweep-rules",
                        "version: 1",
                        "repositories:",
                        "  - match: \"team-a/*\"",
                        "    rules:",
                        "      - tagStatus: untagged",
                        "        olderThan: 7d",
                        "        action: delete",
                        ""));
    }
}
