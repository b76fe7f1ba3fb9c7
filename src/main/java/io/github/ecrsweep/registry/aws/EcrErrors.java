package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.RegistryException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into one {@link RegistryException} with a sentence the user can act on. */
final class EcrErrors {

    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "TooManyRequestsException", "RequestLimitExceeded", "LimitExceededException", "SlowDown",
            "RequestThrottled", "RequestThrottledException");
    private static final Set<String> BAD_CREDENTIALS = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
            "InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredTokenException", "ExpiredToken");

    private EcrErrors() {
    }

    static RegistryException map(SdkException e, String repository, String operation, EcrSettings settings) {
        String on = repository == null ? "" : " on repository '" + repository + "'";
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            String message = firstLine(s.awsErrorDetails().errorMessage());
            if (code != null && (code.startsWith("AccessDenied") || code.equals("UnauthorizedOperation"))) {
                return new RegistryException(Kind.ACCESS_DENIED, repository, operation, code,
                        "access denied: the credentials may not call ecr:" + operation + on + " (" + code + ")", e);
            }
            if (code != null && BAD_CREDENTIALS.contains(code)) {
                return new RegistryException(Kind.NO_CREDENTIALS, repository, operation, code,
                        "the AWS credentials were rejected (" + code + "): check the access key, or refresh the session"
                                + profileHint(settings, " with 'aws sso login'"), e);
            }
            if ("RepositoryNotFoundException".equals(code)) {
                return new RegistryException(Kind.REPOSITORY_NOT_FOUND, repository, operation, code,
                        "repository '" + repository + "' not found" + registryHint(settings), e);
            }
            if (code != null && THROTTLING.contains(code) || s.statusCode() == 429) {
                return new RegistryException(Kind.THROTTLED, repository, operation, code,
                        "ECR kept throttling " + operation + on + " after " + settings.maxAttempts()
                                + " attempts; try again later, with fewer --parallel workers or more --max-attempts", e);
            }
            return new RegistryException(Kind.SERVICE, repository, operation, code,
                    "ECR " + operation + on + " failed: " + code + (message.isEmpty() ? "" : ": " + message), e);
        }
        String text = String.valueOf(e.getMessage());
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("unable to load region")) {
            return new RegistryException(Kind.NO_REGION, null, operation, null,
                    "no AWS region: pass --region, set AWS_REGION, or set a region in the profile", e);
        }
        if (lower.contains("sso") && (lower.contains("expired") || lower.contains("token") || lower.contains("login"))) {
            return new RegistryException(Kind.SSO_LOGIN_NEEDED, null, operation, null,
                    "the SSO session" + (settings.profile() == null ? "" : " of profile '" + settings.profile() + "'")
                            + " has expired or was never started: run 'aws sso login"
                            + (settings.profile() == null ? "" : " --profile " + settings.profile()) + "'", e);
        }
        if (lower.contains("unable to load credentials") || lower.contains("no credentials") || lower.contains("contained no credentials")) {
            return new RegistryException(Kind.NO_CREDENTIALS, null, operation, null,
                    "no AWS credentials found" + (settings.profile() == null ? "" : " for profile '" + settings.profile() + "'")
                            + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, use --profile, or run 'aws configure' or 'aws sso login'", e);
        }
        if (lower.contains("profile file contained no") || lower.contains("profile") && lower.contains("not found")) {
            return new RegistryException(Kind.NO_CREDENTIALS, null, operation, null,
                    "profile '" + settings.profile() + "' is not in the AWS config files", e);
        }
        Throwable network = networkCause(e);
        if (network != null) {
            return new RegistryException(Kind.UNREACHABLE, repository, operation, null,
                    "cannot reach ECR at " + endpoint(settings) + ": " + network.getClass().getSimpleName()
                            + (network.getMessage() == null ? "" : " (" + firstLine(network.getMessage()) + ")"), e);
        }
        if (e instanceof SdkClientException && lower.contains("unable to execute http request")) {
            return new RegistryException(Kind.UNREACHABLE, repository, operation, null,
                    "cannot reach ECR at " + endpoint(settings) + ": " + firstLine(text), e);
        }
        return new RegistryException(Kind.SERVICE, repository, operation, null, "ECR " + operation + on + " failed: " + firstLine(text), e);
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof java.net.SocketException) {
                return t;
            }
        }
        return null;
    }

    private static String endpoint(EcrSettings settings) {
        if (settings.endpoint() != null) {
            return settings.endpoint().toString();
        }
        return settings.region() == null ? "the regional endpoint" : "api.ecr." + settings.region() + ".amazonaws.com";
    }

    private static String registryHint(EcrSettings settings) {
        return settings.registryId() == null ? "" : " in registry " + settings.registryId();
    }

    private static String profileHint(EcrSettings settings, String sso) {
        return settings.profile() == null ? "" : " (profile '" + settings.profile() + "'" + sso + ")";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").trim();
    }
}
