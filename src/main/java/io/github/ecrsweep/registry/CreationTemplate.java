package io.github.ecrsweep.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A repository creation template: what ECR gives a repository it creates under {@code prefix} (on push, for a
 * pull-through cache rule, for replication), as DescribeRepositoryCreationTemplates reports it.
 *
 * @param prefix              the namespace it applies to ({@code prod} means {@code prod/}); {@code ROOT} for every
 *                            repository no other template matches
 * @param lifecyclePolicy     the lifecycle policy text its repositories get, or null
 * @param imageTagMutability  MUTABLE, IMMUTABLE, ... as ECR names it, or null when unknown
 * @param mutabilityFilters   the exclusion filters of a {@code _WITH_EXCLUSION} mutability
 * @param encryptionType      AES256, KMS, KMS_DSSE, or null
 * @param kmsKey              the KMS key of a KMS encryption, or null
 * @param resourceTags        the tags its repositories get
 * @param appliedFor          REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH
 * @param repositoryPolicy    the repository policy text its repositories get, or null (kept as it is)
 * @param customRoleArn       the role ECR uses to apply it, or null (kept as it is)
 */
public record CreationTemplate(
        String prefix,
        String description,
        String lifecyclePolicy,
        String imageTagMutability,
        List<String> mutabilityFilters,
        String encryptionType,
        String kmsKey,
        Map<String, String> resourceTags,
        List<String> appliedFor,
        String repositoryPolicy,
        String customRoleArn) {

    /** The prefix of the template ECR applies when no other matches. */
    public static final String ROOT = "ROOT";

    public CreationTemplate {
        Objects.requireNonNull(prefix, "prefix");
        mutabilityFilters = List.copyOf(mutabilityFilters);
        resourceTags = Map.copyOf(resourceTags);
        appliedFor = List.copyOf(appliedFor);
    }

    /** Whether it applies to a repository of this name: the name is under its prefix, or it is ROOT. */
    public boolean covers(String repository) {
        if (ROOT.equals(prefix)) {
            return true;
        }
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        return repository.startsWith(p);
    }

    /**
     * Whether, of the registry's templates {@code all}, this one covers a repository of this name: ROOT covers only
     * the repositories no other template does.
     */
    public boolean covers(String repository, List<CreationTemplate> all) {
        if (!ROOT.equals(prefix)) {
            return covers(repository);
        }
        return all.stream().noneMatch(o -> !ROOT.equals(o.prefix()) && o.covers(repository));
    }
}
