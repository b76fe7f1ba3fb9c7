package io.github.ecrsweep.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Bad input through the packaged jar, against the emulator: each case gets the contract's exit code, one
 * line on stderr that names the problem, no stack trace, and the registry stays as it was.
 */
@ExtendWith(EcrEmulator.class)
class BadInputIT {

    /** How the process reaches AWS in a case. */
    enum Setup {
        EMULATOR,
        NO_REGION,
        NO_CREDENTIALS,
        REFUSED,
        DENIED
    }

    @TempDir
    static Path files;

    @TempDir
    Path home;

    EcrEmulator.Server ecr;
    WireMockServer denying;

    private static final String UNTAGGED14 =
            "\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14";

    private static String rule(int p, String selection) {
        return "{\"rulePriority\":" + p + ",\"selection\":{" + selection + "},\"action\":{\"type\":\"expire\"}}";
    }

    /** Only the files these cases name; the full catalogue of refused policies is in BadInputTest. */
    private static final Map<String, String> POLICIES = Map.of(
            "not-json", "rules:\n  - rulePriority: 1\n",
            "two-untagged",
                    "{\"rules\":[" + rule(1, UNTAGGED14) + ","
                            + rule(
                                    2,
                                    "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":3")
                            + "]}",
            "valid", "{\"rules\":[" + rule(1, UNTAGGED14) + "]}");

    private static String file(String name) {
        return files.resolve(name + ".json").toString();
    }

    /**
     * The cases that need the packaged jar: a policy refused on its way to a real registry, unknown
     * repositories asked of the emulator, and the failures of reaching AWS. The catalogue of input that is
     * refused before any call runs in-process, in BadInputTest.
     */
    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        c.add(Arguments.of(
                "malformed policy JSON",
                Setup.EMULATOR,
                2,
                "not valid JSON",
                args("put-policy", "-r", "platform/web", "--policy", file("not-json"), "--yes")));
        c.add(Arguments.of(
                "apply-all policy: two-untagged",
                Setup.EMULATOR,
                2,
                "only one rule per storage class may select untagged images",
                args("apply-all", "--policy", file("two-untagged"), "--yes")));
        c.add(Arguments.of(
                "unknown repository",
                Setup.EMULATOR,
                1,
                "repository 'platform/nope' not found",
                args("delete-untagged", "-r", "platform/nope", "--yes")));
        c.add(Arguments.of(
                "unknown repository for put-policy",
                Setup.EMULATOR,
                1,
                "repository 'platform/nope' not found",
                args("put-policy", "-r", "platform/nope", "--policy", file("valid"), "--yes")));
        c.add(Arguments.of("unknown command", Setup.EMULATOR, 2, "unknown command 'purge'", args("purge")));
        c.add(Arguments.of(
                "--max-attempts 0",
                Setup.EMULATOR,
                2,
                "Invalid value for option '--max-attempts': '0' is not a whole number of at least 1",
                args("list", "--max-attempts", "0")));
        c.add(Arguments.of(
                "endpoint refusing connections",
                Setup.REFUSED,
                1,
                "cannot reach ECR at http://127.0.0.1:",
                args("delete-untagged", "--all", "--yes", "--max-attempts", "2")));
        c.add(Arguments.of(
                "no credentials",
                Setup.NO_CREDENTIALS,
                1,
                "no AWS credentials found",
                args("delete-untagged", "--all", "--yes")));
        c.add(Arguments.of(
                "no region",
                Setup.NO_REGION,
                1,
                "no AWS region",
                args("apply-all", "--policy", file("valid"), "--yes")));
        c.add(Arguments.of(
                "access denied by the service",
                Setup.DENIED,
                1,
                "access denied: the credentials may not call ecr:DescribeImages on repository 'platform/api' in account 123456789012 (us-east-1)",
                args("delete-untagged", "-r", "platform/api", "--yes")));
        return c.stream();
    }

    private static String[] args(String... a) {
        return a;
    }

    @BeforeEach
    void setUp(EcrEmulator.Server server) throws Exception {
        ecr = server;
        ecr.seed(new EndToEndIT.Fleet().seed);
        for (Map.Entry<String, String> e : POLICIES.entrySet()) {
            Files.writeString(files.resolve(e.getKey() + ".json"), e.getValue());
        }
        denying = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal());
        denying.start();
        denying.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(ecr.endpoint())));
        denying.stubFor(
                any(anyUrl())
                        .atPriority(1)
                        .withHeader("X-Amz-Target", containing("DescribeImages"))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                                        .withBody(
                                                "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:iam::123456789012:user/ci is not"
                                                        + " authorized to perform: ecr:DescribeImages on resource: arn:aws:ecr:us-east-1:123456789012:repository/platform/api\"}")));
    }

    @AfterEach
    void tearDown() {
        denying.stop();
    }

    private Map<String, Object> state() {
        Map<String, Object> s = new HashMap<>();
        try (EcrClient client = ecr.client()) {
            for (String repo : List.of("batch/worker", "platform/api", "platform/web")) {
                s.put(repo, EndToEndIT.digests(client, repo));
                s.put(repo + " policy", EndToEndIT.policyOf(client, repo));
            }
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithTheContractsExitCodeAndOneLine(
            String name, Setup setup, int exitCode, String message, String[] args) throws Exception {
        Map<String, Object> before = state();
        JarProcess process = JarProcess.in(home);
        List<String> all = new ArrayList<>(List.of(args));
        switch (setup) {
            case EMULATOR:
                process.dummyCredentials().env("AWS_REGION", EcrEmulator.REGION);
                if (all.stream().noneMatch(a -> a.startsWith("--endpoint-url"))) {
                    all.addAll(List.of("--endpoint-url", ecr.endpoint()));
                }
                break;
            case NO_REGION:
                process.dummyCredentials();
                all.addAll(List.of("--endpoint-url", ecr.endpoint()));
                break;
            case NO_CREDENTIALS:
                process.env("AWS_REGION", EcrEmulator.REGION);
                all.addAll(List.of("--endpoint-url", ecr.endpoint()));
                break;
            case REFUSED:
                process.dummyCredentials().env("AWS_REGION", EcrEmulator.REGION);
                try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    all.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + s.getLocalPort()));
                }
                break;
            default:
                process.dummyCredentials().env("AWS_REGION", EcrEmulator.REGION);
                all.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + denying.port(), "--max-attempts", "1"));
        }

        JarProcess.Result r = process.run(all.toArray(String[]::new));

        assertThat(r.exitCode()).as(name + ": " + r.err()).isEqualTo(exitCode);
        assertThat(r.err().lines()).as(name + ": " + r.err()).hasSize(1);
        assertThat(r.err())
                .as(name)
                .startsWith("ecrsweep: ")
                .contains(message)
                .doesNotContain("\tat ")
                .doesNotContain("Exception in thread");
        assertThat(state()).as(name + ": the registry is unchanged").isEqualTo(before);
    }
}
