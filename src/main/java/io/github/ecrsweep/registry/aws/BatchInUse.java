package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.registry.inuse.References;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.EcsProperties;
import software.amazon.awssdk.services.batch.model.EksProperties;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.NodeRangeProperty;

/**
 * What AWS Batch can start on demand: the images of ACTIVE job definitions, the newest {@code revisions} of
 * each name (all of them when null), in every form a job definition takes (a container, the nodes of a
 * multi-node job, ECS task properties, an EKS pod's containers and init containers). Source:
 * {@code batch:job-definition/<name>:<revision> (newest N)}.
 */
final class BatchInUse extends AwsInUseSources.Base {

    /** The largest page of DescribeJobDefinitions. */
    private static final int PAGE = 100;

    private final Integer revisions;

    BatchInUse(EcrSettings settings, Integer revisions) {
        super(settings, new EcrErrors.Api("AWS Batch", "batch"));
        this.revisions = revisions;
    }

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public List<InUseReference> scan() {
        References references = references();
        try (BatchClient batch = clients().build(BatchClient.builder(), counter(), null)) {
            List<JobDefinition> active =
                    call(
                            "DescribeJobDefinitions",
                            () -> batch
                                    .describeJobDefinitionsPaginator(
                                            r -> r.status("ACTIVE").maxResults(PAGE))
                                    .jobDefinitions()
                                    .stream()
                                    .toList());
            Map<String, List<JobDefinition>> byName = new TreeMap<>();
            active.forEach(d -> byName.computeIfAbsent(d.jobDefinitionName(), k -> new ArrayList<>())
                    .add(d));
            for (List<JobDefinition> definitions : byName.values()) {
                definitions.sort(
                        Comparator.comparing(JobDefinition::revision, Comparator.nullsLast(Comparator.reverseOrder())));
                List<JobDefinition> kept = revisions == null
                        ? definitions
                        : definitions.subList(0, Math.min(revisions, definitions.size()));
                for (JobDefinition d : kept) {
                    String label = "batch:job-definition/" + d.jobDefinitionName() + ":" + d.revision()
                            + (revisions == null ? "" : " (newest " + revisions + ")");
                    images(d).forEach(image -> references.add(image, null, label));
                }
            }
        }
        return found(references);
    }

    /** Every image a job definition names, whatever its platform. */
    static List<String> images(JobDefinition d) {
        List<String> images = new ArrayList<>();
        container(d.containerProperties(), images);
        ecs(d.ecsProperties(), images);
        eks(d.eksProperties(), images);
        if (d.nodeProperties() != null) {
            for (NodeRangeProperty node : d.nodeProperties().nodeRangeProperties()) {
                container(node.container(), images);
                ecs(node.ecsProperties(), images);
                eks(node.eksProperties(), images);
            }
        }
        return images;
    }

    private static void container(ContainerProperties container, List<String> images) {
        if (container != null && container.image() != null) {
            images.add(container.image());
        }
    }

    private static void ecs(EcsProperties ecs, List<String> images) {
        if (ecs != null) {
            ecs.taskProperties().forEach(t -> t.containers().forEach(c -> images.add(c.image())));
        }
    }

    private static void eks(EksProperties eks, List<String> images) {
        if (eks != null && eks.podProperties() != null) {
            eks.podProperties().containers().forEach(c -> images.add(c.image()));
            eks.podProperties().initContainers().forEach(c -> images.add(c.image()));
        }
    }
}
