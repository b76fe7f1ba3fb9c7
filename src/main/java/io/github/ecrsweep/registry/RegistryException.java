package io.github.ecrsweep.registry;

/**
 * A registry call that failed, with what the user needs to act: the kind of failure, the repository
 * and operation concerned, and the AWS error code. The message is one actionable sentence.
 */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The failures ecrsweep tells apart. */
    public enum Kind {
        NO_REGION,
        NO_CREDENTIALS,
        /** The named profile is in none of the AWS config files: invalid input. */
        PROFILE_NOT_FOUND,
        /** Plain HTTP to a host that is not this machine, not explicitly allowed: invalid input. */
        INSECURE_ENDPOINT,
        SSO_LOGIN_NEEDED,
        ACCESS_DENIED,
        REPOSITORY_NOT_FOUND,
        UNREACHABLE,
        THROTTLED,
        INVALID_SNAPSHOT,
        READ_ONLY,
        /** The account has not enabled the target's opt-in region. */
        REGION_DISABLED,
        SERVICE;

        /** Whether the failure concerns every repository alike (set-up, credentials, network), so going on is pointless. */
        public boolean isRegistryWide() {
            return switch (this) {
                case NO_REGION,
                        NO_CREDENTIALS,
                        PROFILE_NOT_FOUND,
                        INSECURE_ENDPOINT,
                        SSO_LOGIN_NEEDED,
                        UNREACHABLE,
                        REGION_DISABLED -> true;
                default -> false;
            };
        }
    }

    private final Kind kind;
    private final String repository;
    private final String operation;
    private final String errorCode;

    public RegistryException(
            Kind kind, String repository, String operation, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.repository = repository;
        this.operation = operation;
        this.errorCode = errorCode;
    }

    public RegistryException(Kind kind, String message) {
        this(kind, null, null, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The repository concerned, or null for registry-wide failures. */
    public String repository() {
        return repository;
    }

    /** The ECR operation that failed, e.g. {@code DescribeImages}, or null. */
    public String operation() {
        return operation;
    }

    /** The AWS error code, e.g. {@code AccessDeniedException}, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** The AWS error code when there is one, else the kind: what a report records as the failure's code. */
    public String code() {
        return errorCode != null ? errorCode : kind.name();
    }
}
