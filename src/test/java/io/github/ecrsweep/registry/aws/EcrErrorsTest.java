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
}
