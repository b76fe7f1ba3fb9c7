package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Missing or broken AWS set-up: every AWS command exits 1 with one line on stderr, no stack trace, no call made. */
class AwsSetupErrorsIT {

    private static final String POLICY = Path.of("examples/policies/expire-untagged-after-14-days.json")
            .toAbsolutePath()
            .toString();

    /** Every command that reaches AWS, named by its first word. */
    static Stream<Arguments> awsCommands() {
        return Stream.of(
                        new String[] {"list"},
                        new String[] {"delete-untagged", "--all", "--dry-run"},
                        new String[] {"put-policy", "-r", "web", "--policy", POLICY, "--dry-run"},
                        new String[] {"apply-all", "--policy", POLICY, "--dry-run"})
                .map(command -> Arguments.of(command[0], command));
    }

    @TempDir
    Path home;

    private static String closedEndpoint() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static void assertOneLine(JarProcess.Result r, String start) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err())
                .startsWith("ecrsweep: " + start)
                .doesNotContain("\tat ")
                .doesNotContain("Exception:");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsCommands")
    void noRegion(String name, String[] command) throws Exception {
        JarProcess.Result r = JarProcess.in(home).dummyCredentials().run(command);

        assertOneLine(r, "no AWS region: pass --region, set AWS_REGION, or set a region in the profile");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsCommands")
    void noCredentials(String name, String[] command) throws Exception {
        String[] args = Stream.concat(Arrays.stream(command), Stream.of("--endpoint-url", closedEndpoint()))
                .toArray(String[]::new);

        JarProcess.Result r = JarProcess.in(home).env("AWS_REGION", "eu-west-1").run(args);

        assertOneLine(r, "no AWS credentials found: ");
    }

    @Test
    void aProfileWhoseSsoSessionIsNotLoggedIn() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Developer
                region = eu-west-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                sso_registration_scopes = sso:account:access
                """);

        JarProcess.Result r = JarProcess.in(home).run("list", "--profile", "dev", "--endpoint-url", closedEndpoint());

        assertOneLine(
                r,
                "the SSO session of profile 'dev' has expired or was never started: run 'aws sso login --profile dev'");
    }

    @Test
    void aConfigFileWithoutCredentialsIsNoSsoSessionAndATypoInTheProfileIsNamed() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [default]
                region = eu-west-1

                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Developer

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """);
        String endpoint = closedEndpoint();

        JarProcess.Result none = JarProcess.in(home).run("list", "--endpoint-url", endpoint);
        JarProcess.Result typo = JarProcess.in(home).run("list", "--profile", "dve", "--endpoint-url", endpoint);

        assertOneLine(none, "no AWS credentials found: ");
        assertThat(none.err()).doesNotContain("SSO");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err())
                .isEqualTo("ecrsweep: profile 'dve' is not in " + home.resolve(".aws/config") + " or "
                        + home.resolve(".aws/credentials") + "\n");
    }

    @Test
    void anEndpointThatRefusesConnections() throws Exception {
        String endpoint = closedEndpoint();

        JarProcess.Result r = JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", "eu-west-1")
                .run("list", "--endpoint-url", endpoint, "--max-attempts", "1");

        assertOneLine(r, "cannot reach ECR at " + endpoint + ": ");
    }

    @Test
    void aMalformedEndpointIsAUsageError() throws Exception {
        JarProcess.Result r = JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_REGION", "eu-west-1")
                .run("list", "--endpoint-url", "localhost:4566");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("'localhost:4566' is not an http(s) URL");
    }
}
