package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.inuse.ImageReference;
import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.rules.Digest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.inspector2.model.CoverageResourceType;
import software.amazon.awssdk.services.inspector2.model.CoverageStringComparison;
import software.amazon.awssdk.services.inspector2.model.CoverageStringFilter;
import software.amazon.awssdk.services.inspector2.model.CoveredResource;
import software.amazon.awssdk.services.inspector2.model.EcrContainerImageMetadata;

/**
 * What Amazon Inspector saw in use: its coverage of ECR images (ListCoverage, resource type
 * {@code AWS_ECR_CONTAINER_IMAGE}) carries, per image, {@code inUseCount} (the ECS tasks and EKS pods
 * running it) and {@code lastInUseAt}
 * (https://docs.aws.amazon.com/inspector/v2/APIReference/API_EcrContainerImageMetadata.html). An image in
 * use now ({@code inspector:inUseCount=3}) or last in use within the window
 * ({@code inspector:lastInUseAt=2026-11-20}) is pinned. It covers every cluster Inspector sees, including
 * EKS ones nobody exported a pod list of.
 */
final class InspectorInUse extends AwsInUseSources.Base {

    /** ListCoverage's largest page. */
    private static final int PAGE_SIZE = 200;
    // arn:aws:ecr:eu-west-1:123456789012:repository/team/web/sha256:<hex>
    private static final Pattern IMAGE_ARN =
            Pattern.compile("arn:[a-z-]+:ecr:([a-z0-9-]+):(\\d{12}):repository/(.+)/(sha256:[a-f0-9]{64})");

    private static final CoverageStringFilter ECR_IMAGES = CoverageStringFilter.builder()
            .comparison(CoverageStringComparison.EQUALS)
            .value(CoverageResourceType.AWS_ECR_CONTAINER_IMAGE.toString())
            .build();

    private final Instant now;
    private final Duration within;

    InspectorInUse(EcrSettings settings, Instant now, Duration within) {
        super(settings, new EcrErrors.Api("Amazon Inspector", "inspector2"));
        this.now = now;
        this.within = within;
    }

    @Override
    public String name() {
        return "inspector";
    }

    @Override
    public List<InUseReference> scan() {
        List<InUseReference> references = new ArrayList<>();
        Instant since = now.minus(within);
        try (Inspector2Client inspector = clients().build(Inspector2Client.builder(), counter(), null)) {
            List<CoveredResource> covered = call(
                    "ListCoverage",
                    () -> inspector
                            .listCoveragePaginator(
                                    r -> r.maxResults(PAGE_SIZE).filterCriteria(f -> f.resourceType(ECR_IMAGES)))
                            .coveredResources()
                            .stream()
                            .toList());
            for (CoveredResource resource : covered) {
                EcrContainerImageMetadata image = resource.resourceMetadata() == null
                        ? null
                        : resource.resourceMetadata().ecrImage();
                Optional<ImageReference> reference = reference(resource.resourceId());
                if (image == null || reference.isEmpty()) {
                    continue;
                }
                if (image.inUseCount() != null && image.inUseCount() > 0) {
                    references.add(new InUseReference(reference.get(), "inspector:inUseCount=" + image.inUseCount()));
                } else if (image.lastInUseAt() != null && !image.lastInUseAt().isBefore(since)) {
                    references.add(new InUseReference(
                            reference.get(),
                            "inspector:lastInUseAt="
                                    + image.lastInUseAt()
                                            .atOffset(ZoneOffset.UTC)
                                            .toLocalDate()));
                }
            }
        }
        return references;
    }

    /** The image an ECR image resource names, on its account's registry host. */
    static Optional<ImageReference> reference(String resourceId) {
        Matcher m = resourceId == null ? null : IMAGE_ARN.matcher(resourceId);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        String host = m.group(2) + ".dkr.ecr." + m.group(1) + ".amazonaws.com";
        return ImageReference.parse(host + "/" + m.group(3)).map(r -> r.withDigest(Digest.of(m.group(4))));
    }
}
