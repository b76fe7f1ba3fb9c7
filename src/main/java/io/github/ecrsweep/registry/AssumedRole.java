package io.github.ecrsweep.registry;

import java.util.Objects;

/**
 * A role of a target's account, assumed with the run's credentials (STS AssumeRole).
 *
 * @param arn         the role's ARN
 * @param externalId  the external id the role's trust policy asks for, or null
 * @param sessionName the session name CloudTrail shows, {@code ecrsweep} by default
 */
public record AssumedRole(String arn, String externalId, String sessionName) {

    public AssumedRole {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(sessionName, "sessionName");
    }

    /** The account the role belongs to, from its ARN ({@code arn:aws:iam::ACCOUNT:role/NAME}). */
    public String account() {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts[4] : null;
    }
}
