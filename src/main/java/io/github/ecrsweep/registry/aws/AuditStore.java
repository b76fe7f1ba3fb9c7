package io.github.ecrsweep.registry.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Where the audit trail of a run goes in AWS: who the run's credentials are (STS GetCallerIdentity), and one S3
 * object per run under a prefix.
 */
public final class AuditStore {

    private AuditStore() {}

    /** The ARN of the identity these settings act as (an assumed role's session for a role's target). */
    public static String callerArn(EcrSettings settings) {
        try (StsClient sts = AwsClients.resolve(settings).build(StsClient.builder(), new CallCounter(), null)) {
            return sts.getCallerIdentity().arn();
        } catch (SdkException e) {
            throw EcrErrors.map(
                    e,
                    null,
                    "GetCallerIdentity",
                    settings,
                    "region " + settings.region(),
                    new EcrErrors.Api("STS", "sts"),
                    "its endpoint");
        }
    }

    /** Writes one object: the run's audit lines, JSON Lines, encrypted at rest as the bucket's default says. */
    public static void put(EcrSettings settings, String bucket, String key, byte[] lines) {
        AwsClients clients = AwsClients.resolve(settings);
        S3Client plain = clients.build(S3Client.builder(), new CallCounter(), null);
        // At an endpoint of one's own (AWS_ENDPOINT_URL_S3: an emulator, a proxy), the bucket goes in the path.
        boolean own = plain.serviceClientConfiguration().endpointOverride().isPresent();
        if (own) {
            plain.close();
        }
        try (S3Client s3 =
                own ? clients.build(S3Client.builder().forcePathStyle(true), new CallCounter(), null) : plain) {
            s3.putObject(
                    r -> r.bucket(bucket).key(key).contentType("application/x-ndjson"), RequestBody.fromBytes(lines));
        } catch (SdkException e) {
            throw EcrErrors.map(
                    e,
                    null,
                    "PutObject",
                    settings,
                    "s3://" + bucket + "/" + key,
                    new EcrErrors.Api("S3", "s3"),
                    "its endpoint");
        }
    }
}
