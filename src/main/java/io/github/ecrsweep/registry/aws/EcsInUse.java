package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.registry.inuse.References;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * What ECS runs or will run, in every cluster of the region: the digest each container of a running task
 * pulled ({@code ecs:service/<cluster>/<name>} for a service's tasks, {@code ecs:task/<cluster>/<id>} for
 * others), the images of the task definitions of each service's
 * deployments ({@code ecs:service/<cluster>/<name>}), and the images of every ACTIVE task definition
 * ({@code ecs:task-definition/<family>:<revision>}), which a service or a scheduled task may start at any
 * time. A task definition that names a tag pins the image holding that tag when the plan is made.
 */
final class EcsInUse extends AwsInUseSources.Base {

    /** The largest page of ListClusters, ListTasks, ListServices and ListTaskDefinitions. */
    private static final int PAGE = 100;

    private static final int DESCRIBE_TASKS = 100;
    private static final int DESCRIBE_SERVICES = 10;

    EcsInUse(EcrSettings settings) {
        super(settings, new EcrErrors.Api("ECS", "ecs"));
    }

    @Override
    public String name() {
        return "ecs";
    }

    @Override
    public List<InUseReference> scan() {
        References references = references();
        try (EcsClient ecs = clients().build(EcsClient.builder(), counter(), null)) {
            Map<String, List<String>> images = new HashMap<>();
            List<String> clusters = call(
                    "ListClusters",
                    () -> ecs.listClustersPaginator(r -> r.maxResults(PAGE)).clusterArns().stream()
                            .toList());
            for (String cluster : clusters) {
                String clusterName = lastSegment(cluster);
                tasks(ecs, cluster, clusterName, references);
                services(ecs, cluster, clusterName, images, references);
            }
            List<String> active = call(
                    "ListTaskDefinitions",
                    () -> ecs
                            .listTaskDefinitionsPaginator(r -> r.status(TaskDefinitionStatus.ACTIVE))
                            .taskDefinitionArns()
                            .stream()
                            .toList());
            for (String definition : active) {
                String label = "ecs:task-definition/" + lastSegment(definition);
                imagesOf(ecs, definition, images).forEach(image -> references.add(image, null, label));
            }
        }
        return found(references);
    }

    private void tasks(EcsClient ecs, String cluster, String clusterName, References references) {
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
            EcsClient ecs,
            String cluster,
            String clusterName,
            Map<String, List<String>> images,
            References references) {
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
                List<String> definitions = new ArrayList<>();
                service.deployments().stream().map(Deployment::taskDefinition).forEach(definitions::add);
                if (service.taskDefinition() != null) {
                    definitions.add(service.taskDefinition());
                }
                definitions.stream()
                        .distinct()
                        .forEach(d -> imagesOf(ecs, d, images).forEach(image -> references.add(image, null, label)));
            }
        }
    }

    /** The images a task definition names, each definition described once per scan. */
    private List<String> imagesOf(EcsClient ecs, String definition, Map<String, List<String>> images) {
        List<String> known = images.get(definition);
        if (known != null) {
            return known;
        }
        List<String> named = call(
                        "DescribeTaskDefinition",
                        () -> ecs.describeTaskDefinition(r -> r.taskDefinition(definition))
                                .taskDefinition())
                .containerDefinitions()
                .stream()
                .map(ContainerDefinition::image)
                .filter(java.util.Objects::nonNull)
                .toList();
        images.put(definition, named);
        return named;
    }

    /**
     * A describe call that answers with failures (a task or service it could not describe) has not told what
     * runs: the source fails, as an unreachable one does, rather than protect only part of it.
     */
    private static void refuse(String operation, List<software.amazon.awssdk.services.ecs.model.Failure> failures) {
        if (!failures.isEmpty()) {
            var f = failures.get(0);
            throw new io.github.ecrsweep.registry.RegistryException(
                    io.github.ecrsweep.registry.RegistryException.Kind.SERVICE,
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
