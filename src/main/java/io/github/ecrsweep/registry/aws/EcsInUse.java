package io.github.ecrsweep.registry.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.StrictJson;
import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.registry.inuse.References;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TaskSet;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.ListEventBusesResponse;
import software.amazon.awssdk.services.eventbridge.model.ListRuleNamesByTargetResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * What can start an ECS task in the region, and so what it would run:
 *
 * <ul>
 *   <li>running and pending tasks, by the digest each container pulled ({@code ecs:service/<cluster>/<name>}
 *       for a service's tasks, {@code ecs:task/<cluster>/<id>} for others);
 *   <li>each service's deployments (primary, and active ones: a rollout or a rollback in flight) and task sets
 *       ({@code ecs:service/<cluster>/<name>});
 *   <li>EventBridge rules on every event bus whose targets start tasks in a cluster, enabled or not
 *       ({@code ecs:rule/<name>}, {@code ecs:rule/<bus>/<name>} off the default bus), and EventBridge Scheduler
 *       schedules whose target is ECS RunTask ({@code ecs:schedule/<group>/<name>}): they run at 02:00 and have no
 *       task at scan time;
 *   <li>the newest {@code revisions} ACTIVE revisions of every task definition family, so that a manual
 *       rollback to a recent revision stays possible ({@code ecs:task-definition/<family>:<rev> (newest N)}),
 *       or every ACTIVE revision when {@code revisions} is null ({@code ecs:task-definition/<family>:<rev>}).
 * </ul>
 *
 * A task definition that names a tag pins the image holding that tag when the plan is made. A describe call
 * that answers with failures fails the source: a partial answer would protect only part of what runs.
 */
final class EcsInUse extends AwsInUseSources.Base {

    /** The largest page of ListClusters, ListTasks, ListServices, ListTaskDefinitions(Families), ListSchedules. */
    private static final int PAGE = 100;

    private static final int DESCRIBE_TASKS = 100;
    private static final int DESCRIBE_SERVICES = 10;
    /** The target of a schedule that calls RunTask through the Scheduler's universal targets. */
    private static final Pattern RUN_TASK = Pattern.compile("(?i)arn:[^:]+:scheduler:::aws-sdk:ecs:runTask");
    /** The target of a rule or schedule that starts tasks in a cluster. */
    private static final Pattern CLUSTER = Pattern.compile("arn:[^:]+:ecs:[^:]*:[^:]*:cluster/.+");

    private final Integer revisions;

    /** @param revisions the newest ACTIVE revisions of each family that are kept; null for every one */
    EcsInUse(EcrSettings settings, Integer revisions) {
        super(settings, new EcrErrors.Api("ECS", "ecs"));
        this.revisions = revisions;
    }

    @Override
    public String name() {
        return "ecs";
    }

    @Override
    public List<InUseReference> scan() {
        References references = references();
        try (EcsClient ecs = clients().build(EcsClient.builder(), counter(), null)) {
            Definitions definitions = new Definitions(ecs);
            List<String> clusters = call(
                    "ListClusters",
                    () -> ecs.listClustersPaginator(r -> r.maxResults(PAGE)).clusterArns().stream()
                            .toList());
            for (String cluster : clusters) {
                String clusterName = lastSegment(cluster);
                tasks(ecs, cluster, clusterName, references);
                services(ecs, cluster, clusterName, definitions, references);
            }
            if (!clusters.isEmpty()) {
                rules(clusters, definitions, references);
            }
            schedules(definitions, references);
            if (revisions == null) {
                everyActive(ecs, definitions, references);
            } else {
                newest(ecs, definitions, references);
            }
        }
        return found(references);
    }

    private void tasks(EcsClient ecs, String cluster, String clusterName, References references) {
        // RUNNING as the desired status lists pending and provisioning tasks too: they will run.
        List<String> arns =
                call(
                        "ListTasks",
                        () -> ecs
                                .listTasksPaginator(r -> r.cluster(cluster).desiredStatus(DesiredStatus.RUNNING))
                                .taskArns()
                                .stream()
                                .toList());
        for (int from = 0; from < arns.size(); from += DESCRIBE_TASKS) {
            List<String> batch = arns.subList(from, Math.min(from + DESCRIBE_TASKS, arns.size()));
            List<Task> tasks = call("DescribeTasks", () -> {
                var answer = ecs.describeTasks(r -> r.cluster(cluster).tasks(batch));
                refuse("DescribeTasks", answer.failures());
                return answer.tasks();
            });
            for (Task task : tasks) {
                // A service's tasks are started in its name ("service:<name>"); others are named by their id.
                String label = task.group() != null && task.group().startsWith("service:")
                        ? "ecs:service/" + clusterName + "/" + task.group().substring("service:".length())
                        : "ecs:task/" + clusterName + "/" + lastSegment(task.taskArn());
                task.containers().forEach(c -> references.add(c.image(), c.imageDigest(), label));
            }
        }
    }

    private void services(
            EcsClient ecs, String cluster, String clusterName, Definitions definitions, References references) {
        List<String> arns = call(
                "ListServices",
                () -> ecs.listServicesPaginator(r -> r.cluster(cluster).maxResults(PAGE)).serviceArns().stream()
                        .toList());
        for (int from = 0; from < arns.size(); from += DESCRIBE_SERVICES) {
            List<String> batch = arns.subList(from, Math.min(from + DESCRIBE_SERVICES, arns.size()));
            List<Service> services = call("DescribeServices", () -> {
                var answer = ecs.describeServices(r -> r.cluster(cluster).services(batch));
                refuse("DescribeServices", answer.failures());
                return answer.services();
            });
            for (Service service : services) {
                String label = "ecs:service/" + clusterName + "/" + service.serviceName();
                List<String> named = new ArrayList<>();
                // Every deployment a service lists: the primary one and the active ones a rollout or a rollback
                // still runs; task sets for services that CodeDeploy or another controller deploys.
                service.deployments().stream().map(Deployment::taskDefinition).forEach(named::add);
                service.taskSets().stream().map(TaskSet::taskDefinition).forEach(named::add);
                named.add(service.taskDefinition());
                named.stream().filter(Objects::nonNull).distinct().forEach(d -> definitions.pin(d, label, references));
            }
        }
    }

    /** EventBridge rules, on every bus, that start tasks in one of the clusters; disabled ones can be enabled. */
    private void rules(List<String> clusters, Definitions definitions, References references) {
        try (EventBridgeClient events = clients().build(EventBridgeClient.builder(), counter(), null)) {
            List<String> buses = new ArrayList<>();
            eventPages(
                    "ListEventBuses",
                    token -> events.listEventBuses(r -> r.limit(PAGE).nextToken(token)),
                    page -> page.eventBuses().stream().map(EventBus::name).forEach(buses::add),
                    ListEventBusesResponse::nextToken);
            for (String bus : buses) {
                java.util.Set<String> rules = new java.util.LinkedHashSet<>();
                for (String cluster : clusters) {
                    eventPages(
                            "ListRuleNamesByTarget",
                            token -> events.listRuleNamesByTarget(r -> r.targetArn(cluster)
                                    .eventBusName(bus)
                                    .limit(PAGE)
                                    .nextToken(token)),
                            page -> rules.addAll(page.ruleNames()),
                            ListRuleNamesByTargetResponse::nextToken);
                }
                for (String rule : rules) {
                    String label = "ecs:rule/" + ("default".equals(bus) ? "" : bus + "/") + rule;
                    eventPages(
                            "ListTargetsByRule",
                            token -> events.listTargetsByRule(r ->
                                    r.rule(rule).eventBusName(bus).limit(PAGE).nextToken(token)),
                            page -> page.targets().stream()
                                    .filter(t -> t.ecsParameters() != null
                                            && t.ecsParameters().taskDefinitionArn() != null)
                                    .forEach(t ->
                                            definitions.pin(t.ecsParameters().taskDefinitionArn(), label, references)),
                            ListTargetsByRuleResponse::nextToken);
                }
            }
        }
    }

    /** Every page of an EventBridge listing (the SDK has no paginators for them), each handed to {@code each}. */
    private <P> void eventPages(
            String operation,
            java.util.function.Function<String, P> page,
            java.util.function.Consumer<P> each,
            java.util.function.Function<P, String> next) {
        String token = null;
        do {
            String from = token;
            P answer = call(EcrErrors.Api.EVENTBRIDGE, operation, () -> page.apply(from));
            each.accept(answer);
            token = next.apply(answer);
        } while (token != null);
    }

    /** EventBridge Scheduler schedules, in every group, that run ECS tasks; disabled ones can be enabled. */
    private void schedules(Definitions definitions, References references) {
        try (SchedulerClient scheduler = clients().build(SchedulerClient.builder(), counter(), null)) {
            List<ScheduleSummary> schedules = call(
                    EcrErrors.Api.SCHEDULER,
                    "ListSchedules",
                    () -> scheduler.listSchedulesPaginator(r -> r.maxResults(PAGE)).schedules().stream()
                            .filter(s -> s.target() != null
                                    && s.target().arn() != null
                                    && (CLUSTER.matcher(s.target().arn()).matches()
                                            || RUN_TASK.matcher(s.target().arn())
                                                    .matches()))
                            .toList());
            for (ScheduleSummary summary : schedules) {
                String label = "ecs:schedule/" + summary.groupName() + "/" + summary.name();
                GetScheduleResponse schedule = call(
                        EcrErrors.Api.SCHEDULER,
                        "GetSchedule",
                        () -> scheduler.getSchedule(r -> r.name(summary.name()).groupName(summary.groupName())));
                String definition = schedule.target().ecsParameters() != null
                        ? schedule.target().ecsParameters().taskDefinitionArn()
                        : runTaskDefinition(label, schedule.target().input());
                definitions.pin(definition, label, references);
            }
        }
    }

    /**
     * The task definition a universal RunTask target names in its input ({@code {"TaskDefinition": ...}}); one it
     * cannot read fails the source, since the task it starts would go unprotected.
     */
    static String runTaskDefinition(String label, String input) {
        JsonNode named = null;
        try {
            JsonNode root = input == null ? null : StrictJson.MAPPER.readTree(input);
            named = root == null ? null : root.get("TaskDefinition");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // told below
        }
        if (named == null || !named.isTextual() || named.asText().isBlank()) {
            throw new RegistryException(
                    RegistryException.Kind.SERVICE,
                    null,
                    "GetSchedule",
                    "Input",
                    label + " runs ECS RunTask with an input that names no TaskDefinition, so what it starts is"
                            + " not known",
                    null);
        }
        return named.asText();
    }

    private void everyActive(EcsClient ecs, Definitions definitions, References references) {
        List<String> active = call(
                "ListTaskDefinitions",
                () -> ecs
                        .listTaskDefinitionsPaginator(
                                r -> r.status(TaskDefinitionStatus.ACTIVE).maxResults(PAGE))
                        .taskDefinitionArns()
                        .stream()
                        .toList());
        for (String definition : active) {
            definitions.pin(definition, "ecs:task-definition/" + lastSegment(definition), references);
        }
    }

    /** The newest revisions of each family: one ListTaskDefinitions per family, newest first. */
    private void newest(EcsClient ecs, Definitions definitions, References references) {
        List<String> families = call(
                "ListTaskDefinitionFamilies",
                () -> ecs
                        .listTaskDefinitionFamiliesPaginator(
                                r -> r.status(TaskDefinitionFamilyStatus.ACTIVE).maxResults(PAGE))
                        .families()
                        .stream()
                        .toList());
        for (String family : families) {
            List<String> kept = new ArrayList<>();
            String token = null;
            do {
                String from = token;
                var page = call(
                        "ListTaskDefinitions",
                        () -> ecs.listTaskDefinitions(r -> r.familyPrefix(family)
                                .status(TaskDefinitionStatus.ACTIVE)
                                .sort(SortOrder.DESC)
                                .maxResults(Math.min(PAGE, revisions))
                                .nextToken(from)));
                // The family's own revisions only, whatever else a prefix may match.
                for (String arn : page.taskDefinitionArns()) {
                    String name = lastSegment(arn);
                    if (kept.size() < revisions
                            && name.substring(0, name.lastIndexOf(':')).equals(family)) {
                        kept.add(arn);
                    }
                }
                token = kept.size() < revisions ? page.nextToken() : null;
            } while (token != null);
            for (String definition : kept) {
                definitions.pin(
                        definition,
                        "ecs:task-definition/" + lastSegment(definition) + " (newest " + revisions + ")",
                        references);
            }
        }
    }

    /** The images each task definition names, each described once per scan. */
    private final class Definitions {
        private final EcsClient ecs;
        private final Map<String, List<String>> images = new HashMap<>();

        Definitions(EcsClient ecs) {
            this.ecs = ecs;
        }

        /** Pins the images {@code definition} (an ARN, {@code family:rev}, or a family: its latest ACTIVE one) names. */
        void pin(String definition, String label, References references) {
            images.computeIfAbsent(definition, this::describe).forEach(image -> references.add(image, null, label));
        }

        private List<String> describe(String definition) {
            return call(
                            "DescribeTaskDefinition",
                            () -> ecs.describeTaskDefinition(r -> r.taskDefinition(definition))
                                    .taskDefinition())
                    .containerDefinitions()
                    .stream()
                    .map(ContainerDefinition::image)
                    .filter(Objects::nonNull)
                    .toList();
        }
    }

    /**
     * A describe call that answers with failures (a task or service it could not describe) has not told what
     * runs: the source fails, as an unreachable one does, rather than protect only part of it.
     */
    private static void refuse(String operation, List<software.amazon.awssdk.services.ecs.model.Failure> failures) {
        if (!failures.isEmpty()) {
            var f = failures.get(0);
            throw new RegistryException(
                    RegistryException.Kind.SERVICE,
                    null,
                    operation,
                    "Failure",
                    "ECS " + operation + " answered with " + failures.size()
                            + (failures.size() == 1 ? " failure" : " failures") + " (" + f.reason() + " for "
                            + f.arn() + (f.detail() == null ? "" : ": " + f.detail())
                            + "), so what runs is not known",
                    null);
        }
    }

    /** {@code web} of {@code arn:aws:ecs:eu-west-1:123456789012:cluster/web}, {@code web:7} of a task definition. */
    private static String lastSegment(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
