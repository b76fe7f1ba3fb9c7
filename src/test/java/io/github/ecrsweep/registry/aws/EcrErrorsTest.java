package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrsweep.registry.ManifestCache;
import io.github.ecrsweep.registry.RegistryException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecr.model.EcrException;

/** A failure reads as what happened, by the SDK's typed exceptions: an answer without a code by its HTTP status. */
class EcrErrorsTest {

    private static final EcrSettings SETTINGS =
            new EcrSettings("us-east-1", null, null, null, 3, Duration.ofMinutes(1), ManifestCache.none(), false);

    @Test
    void anAnswerWithoutACodeOrMessageIsToldByItsStatusAndOperation() {
        EcrException bare =
                (EcrException) EcrException.builder().statusCode(500).build();

        RegistryException e = EcrErrors.map(bare, "web", "DescribeImages", SETTINGS, "account 1 (us-east-1)");

        assertThat(e.getMessage())
                .isEqualTo("ECR answered HTTP 500 to DescribeImages on repository 'web' with no message")
                .doesNotContain("null");
        assertThat(e.kind()).isEqualTo(RegistryException.Kind.SERVICE);
    }

    @Test
    void anAnswerWithACodeIsToldByItsCodeAndMessage() {
        EcrException coded = (EcrException) EcrException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("LimitExceededException")
                        .errorMessage("too many")
                        .build())
                .build();

        RegistryException e = EcrErrors.map(coded, null, "PutLifecyclePolicy", SETTINGS, "account 1 (us-east-1)");

        assertThat(e.getMessage()).isEqualTo("ECR PutLifecyclePolicy failed: LimitExceededException: too many");
    }

    @Test
    void unknownCredentialsInAnOptInRegionAreToldAsARegionNotEnabled() {
        EcrException unknown = (EcrException) EcrException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("UnrecognizedClientException")
                        .errorMessage("The security token included in the request is invalid.")
                        .build())
                .build();

        RegistryException optIn = EcrErrors.map(
                unknown, null, "DescribeRepositories", SETTINGS.withRegion("ap-east-1"), "account 1 (ap-east-1)");
        RegistryException standard = EcrErrors.map(
                unknown, null, "DescribeRepositories", SETTINGS.withRegion("eu-west-1"), "account 1 (eu-west-1)");

        assertThat(optIn.kind()).isEqualTo(RegistryException.Kind.REGION_DISABLED);
        assertThat(optIn.getMessage())
                .startsWith("region ap-east-1 is an opt-in region, and it is not enabled for this account");
        assertThat(standard.kind()).isEqualTo(RegistryException.Kind.NO_CREDENTIALS);
        assertThat(standard.getMessage()).startsWith("the AWS credentials were rejected");
    }
}
