package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.registry.ManifestCache;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.RegistryException.Kind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;

/** Which account and region a run acts on, decided as the AWS CLI decides them, and every failure explained from the profile's content. */
class AwsSetupTest {

    @TempDir
    Path dir;

    private AwsSetup setup(String profile, String region, Map<String, String> env, String config) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, config);
        ProfileFile profiles = ProfileFile.builder()
                .content(file)
                .type(ProfileFile.Type.CONFIGURATION)
                .build();
        EcrSettings settings =
                new EcrSettings(region, profile, null, null, 3, Duration.ofMinutes(1), ManifestCache.none(), false);
        return new AwsSetup(settings, env::get, profiles);
    }

    private static final SdkClientException NO_CREDENTIALS =
            SdkClientException.create("Unable to load credentials from any of"
                    + " the providers in the chain: SsoCredentialsProvider: The SSO session has expired");

    @Test
    void anExplicitProfileWinsOverCredentialsInTheEnvironment() throws Exception {
        String before = System.getProperty("aws.accessKeyId");
        System.setProperty("aws.accessKeyId", "AKIAFROMTHEENVIRONMENT");
        System.setProperty("aws.secretAccessKey", "environment-secret");
        try {
            AwsSetup setup = setup("other", "eu-west-1", Map.of(), """
                    [profile other]
                    aws_access_key_id = AKIAFROMTHEPROFILE00
                    aws_secret_access_key = profile-secret
                    """);

            assertThat(setup.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIAFROMTHEPROFILE00");
        } finally {
            System.clearProperty("aws.secretAccessKey");
            if (before == null) {
                System.clearProperty("aws.accessKeyId");
            } else {
                System.setProperty("aws.accessKeyId", before);
            }
        }
    }

    @Test
    void anUnknownProfileNamesTheFilesLookedIn() throws Exception {
        AwsSetup setup = setup("nosuch", "eu-west-1", Map.of(), "[profile dev]\nregion = eu-west-1\n");

        assertThatThrownBy(setup::checkProfile)
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROFILE_NOT_FOUND))
                .hasMessageStartingWith("profile 'nosuch' is not in ")
                .hasMessageContaining("config")
                .hasMessageContaining("credentials");
        assertThatThrownBy(setup(null, null, Map.of("AWS_PROFILE", "typo"), "[default]\n")::checkProfile)
                .hasMessageEndingWith("(named by AWS_PROFILE)");
    }

    @Test
    void aConfigFileWithoutCredentialsIsNotAnExpiredSsoSession() throws Exception {
        AwsSetup setup = setup(
                null, "eu-west-1", Map.of(), "[default]\nregion = eu-west-1\n\n[profile dev]\nsso_session = corp\n");

        RegistryException e = setup.explain(NO_CREDENTIALS);

        assertThat(e.kind()).isEqualTo(Kind.NO_CREDENTIALS);
        assertThat(e.getMessage()).startsWith("no AWS credentials found: ").doesNotContain("SSO");
    }

    @Test
    void failuresAreExplainedFromWhatTheProfileSays() throws Exception {
        String config = """
                [profile sso]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Dev
                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                [profile via-sso]
                role_arn = arn:aws:iam::210987654321:role/deploy
                source_profile = sso
                [profile keys]
                aws_access_key_id = AKIAKEYS000000000000
                aws_secret_access_key = s
                [profile role]
                role_arn = arn:aws:iam::210987654321:role/deploy
                source_profile = keys
                [profile process]
                credential_process = /opt/vault read --token=hunter2 aws/creds
                [profile empty]
                region = eu-west-1
                """;

        assertThat(setup("sso", "eu-west-1", Map.of(), config)
                        .explain(NO_CREDENTIALS)
                        .getMessage())
                .isEqualTo(
                        "the SSO session of profile 'sso' has expired or was never started: run 'aws sso login --profile sso'");
        assertThat(setup("via-sso", "eu-west-1", Map.of(), config)
                        .explain(NO_CREDENTIALS)
                        .getMessage())
                .as("a role whose source is an SSO profile")
                .startsWith("the SSO session of profile 'sso' has expired");
        assertThat(setup("role", "eu-west-1", Map.of(), config)
                        .explain(NO_CREDENTIALS)
                        .getMessage())
                .startsWith("cannot assume role arn:aws:iam::210987654321:role/deploy of profile 'role'");
        RegistryException process =
                setup("process", "eu-west-1", Map.of(), config).explain(NO_CREDENTIALS);
        assertThat(process.getMessage())
                .startsWith("the credential_process of profile 'process' failed")
                .doesNotContain("hunter2")
                .doesNotContain("vault");
        assertThat(process.getCause())
                .as("the SDK's exception may name the command: dropped")
                .isNull();
        assertThat(setup("empty", "eu-west-1", Map.of(), config)
                        .explain(NO_CREDENTIALS)
                        .getMessage())
                .startsWith("profile 'empty' has no usable credentials");
    }

    @Test
    void theRegionComesFromTheOptionThenTheEnvironmentThenTheProfile() throws Exception {
        String config = "[profile dev]\nregion = ap-southeast-2\n";

        assertThat(setup("dev", "eu-west-1", Map.of("AWS_REGION", "us-east-2"), config)
                        .region()
                        .id())
                .isEqualTo("eu-west-1");
        assertThat(setup("dev", null, Map.of("AWS_REGION", "us-east-2", "AWS_DEFAULT_REGION", "us-west-2"), config)
                        .region()
                        .id())
                .isEqualTo("us-east-2");
        assertThat(setup("dev", null, Map.of("AWS_DEFAULT_REGION", "us-west-2"), config)
                        .region()
                        .id())
                .isEqualTo("us-west-2");
        assertThat(setup("dev", null, Map.of(), config).region().id()).isEqualTo("ap-southeast-2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:4566",
                "http://127.0.0.1:9",
                "http://127.8.0.1",
                "http://[::1]:80",
                "https://vpce-1.api.ecr.eu-west-1.vpce.amazonaws.com",
                "http://emulator.localhost:9"
            })
    void plainHttpGoesToThisMachineAndHttpsAnywhere(String endpoint) {
        assertThatCode(() -> AwsSetup.checkTransport(URI.create(endpoint), false))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://10.0.0.5:4566",
                "http://ecr.internal",
                "http://127.0.0.1.example.com",
                "http://localhost.evil.com"
            })
    void plainHttpElsewhereIsRefusedUnlessAllowed(String endpoint) {
        assertThatThrownBy(() -> AwsSetup.checkTransport(URI.create(endpoint), false))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INSECURE_ENDPOINT));
        assertThatCode(() -> AwsSetup.checkTransport(URI.create(endpoint), true))
                .doesNotThrowAnyException();
    }
}
