package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.RegistryException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Turns SDK failures into one {@link RegistryException} with a sentence the user can act on, from the
 * SDK's typed exceptions, its throttling classification and the service's error codes; never from
 * message text.
 */
final class EcrErrors {

    private static final Set<String> BAD_CREDENTIALS = Set.of(
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            "ExpiredTokenException",
            "ExpiredToken");

    private EcrErrors() {}

    /**
     * The service a call went to: its name in messages, its prefix in IAM actions, and the SDK's id for its
     * endpoint setting ({@code AWS_ENDPOINT_URL_<ID>}).
     */
    record Api(String display, String iam, String endpointId) {
        static final Api ECR = new Api("ECR", "ecr");
        static final Api EVENTBRIDGE = new Api("EventBridge", "events", "EVENTBRIDGE");
        static final Api SCHEDULER = new Api("EventBridge Scheduler", "scheduler", "SCHEDULER");

        Api(String display, String iam) {
            this(display, iam, iam.toUpperCase(java.util.Locale.ROOT));
        }
    }

    static RegistryException map(
            SdkException e, String repository, String operation, EcrSettings settings, String where) {
        return map(e, repository, operation, settings, where, Api.ECR, endpoint(settings));
    }

    static RegistryException map(
            SdkException e,
            String repository,
            String operation,
            EcrSettings settings,
            String where,
            Api api,
            String endpoint) {
        String on = repository == null ? "" : " on repository '" + repository + "'";
        if (e instanceof RepositoryNotFoundException) {
            return new RegistryException(
                    Kind.REPOSITORY_NOT_FOUND,
                    repository,
                    operation,
                    "RepositoryNotFoundException",
                    "repository '" + repository + "' not found in " + where,
                    e);
        }
        if (e instanceof AwsServiceException s) {
            String code =
                    s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            if (s.isThrottlingException() || s.statusCode() == 429) {
                return new RegistryException(
                        Kind.THROTTLED,
                        repository,
                        operation,
                        code,
                        api.display() + " kept throttling " + operation + on + " after " + settings.maxAttempts()
                                + " attempts; try again later, with fewer --parallel workers or more --max-attempts",
                        e);
            }
            if (code != null && (code.startsWith("AccessDenied") || code.equals("UnauthorizedOperation"))) {
                return new RegistryException(
                        Kind.ACCESS_DENIED,
                        repository,
                        operation,
                        code,
                        "access denied: the credentials may not call " + api.iam() + ":" + operation + on + " in "
                                + where + " (" + code + ")",
                        e);
            }
            if (code != null
                    && (code.equals("UnrecognizedClientException") || code.equals("InvalidClientTokenId"))
                    && OptInRegions.is(settings.region())) {
                // Credentials that work elsewhere are unknown to a region the account has not enabled.
                return new RegistryException(
                        Kind.REGION_DISABLED,
                        repository,
                        operation,
                        code,
                        "region " + settings.region() + " is an opt-in region, and it is not enabled for this account"
                                + " (or the credentials were rejected there: " + code + "): enable it in the account's"
                                + " settings, or leave it out of the targets",
                        e);
            }
            if (code != null && BAD_CREDENTIALS.contains(code)) {
                return new RegistryException(
                        Kind.NO_CREDENTIALS,
                        repository,
                        operation,
                        code,
                        "the AWS credentials were rejected (" + code + "): check the access key, or refresh the session"
                                + (settings.profile() == null ? "" : " of profile '" + settings.profile() + "'"),
                        e);
            }
            String message = s.awsErrorDetails() == null
                    ? ""
                    : firstLine(s.awsErrorDetails().errorMessage());
            // An answer without an error code (a proxy's bare 500, an empty body) is told by its HTTP status.
            String said = code != null
                    ? api.display() + " " + operation + on + " failed: " + code
                            + (message.isEmpty() ? "" : ": " + message)
                    : api.display() + " answered HTTP " + s.statusCode() + " to " + operation + on
                            + (message.isEmpty() ? " with no message" : ": " + message);
            return new RegistryException(Kind.SERVICE, repository, operation, code, said, e);
        }
        Throwable network = networkCause(e);
        if (network != null) {
            return new RegistryException(
                    Kind.UNREACHABLE,
                    repository,
                    operation,
                    null,
                    "cannot reach " + api.display() + " at " + endpoint + ": "
                            + network.getClass().getSimpleName()
                            + (network.getMessage() == null ? "" : " (" + firstLine(network.getMessage()) + ")"),
                    e);
        }
        if (e instanceof ApiCallTimeoutException) {
            return new RegistryException(
                    Kind.UNREACHABLE,
                    repository,
                    operation,
                    null,
                    api.display() + " did not answer " + operation + on + " in time at " + endpoint,
                    e);
        }
        return new RegistryException(
                Kind.SERVICE,
                repository,
                operation,
                null,
                api.display() + " " + operation + on + " failed: "
                        + e.getClass().getSimpleName(),
                e);
    }

    static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof SocketException) {
                return t;
            }
        }
        return null;
    }

    static String endpoint(EcrSettings settings) {
        if (settings.endpoint() != null) {
            return redacted(settings.endpoint());
        }
        return settings.region() == null ? "the regional endpoint" : "api.ecr." + settings.region() + ".amazonaws.com";
    }

    /** The endpoint without any user information, which could be a secret. */
    static String redacted(URI uri) {
        // Scheme, host, port and path only: user information or a query could carry a secret.
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").trim();
    }
}
