package io.github.ecrsweep.rules;

import java.util.List;

/**
 * A lifecycle policy as written, before validation: every field may be missing (null) or hold a value
 * that {@link PolicyValidator} rejects. The JSON reader fills it; the validator turns it into a
 * {@link LifecyclePolicy} or a list of problems.
 *
 * @param rules      the {@code rules} array, null when the key is missing
 * @param textLength the policy text's length in characters, which ECR limits to 100..30720
 */
public record PolicySpec(List<RuleSpec> rules, int textLength) {

    /** One entry of {@code rules}; {@code selection} or {@code action} is null when missing. */
    public record RuleSpec(Long rulePriority, String description, SelectionSpec selection, ActionSpec action) {}

    /** A rule's {@code selection} as written. */
    public record SelectionSpec(
            String tagStatus,
            List<String> tagPatternList,
            List<String> tagPrefixList,
            String storageClass,
            String countType,
            String countUnit,
            Long countNumber) {}

    /** A rule's {@code action} as written. */
    public record ActionSpec(String type, String targetStorageClass) {}
}
