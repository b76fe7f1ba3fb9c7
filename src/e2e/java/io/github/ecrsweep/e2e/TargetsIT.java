package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * One run over three accounts in two regions against the emulator: a role assumed in each account (STS at
 * the same endpoint, through the SDK's endpoint settings), each target cleaned on its own, one that cannot
 * be assumed failing alone.
 */
@ExtendWith(EcrEmulator.class)
class TargetsIT {

    private static final List<String> ACCOUNTS = List.of("111111111111", "222222222222", "333333333333");
    private static final List<String> REGIONS = List.of(EcrEmulator.REGION, "eu-west-1");

    @TempDir
    java.nio.file.Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    /** In each account and region: a tagged image, and an untagged one a month old that the run deletes. */
    private Map<String, SeedImage> seed() {
        Map<String, SeedImage> untagged = new HashMap<>();
        for (String account : ACCOUNTS) {
            for (String region : REGIONS) {
                Seed seed = new Seed().inAccount(account).inRegion(region);
                seed.image("app", "v1-" + account + region, EndToEndIT.daysAgo(40), "v1");
                untagged.put(
                        account + "/" + region, seed.image("app", "old-" + account + region, EndToEndIT.daysAgo(30)));
                ecr.seed(seed);
            }
        }
        return untagged;
    }

    private JarProcess.Result run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        for (String region : REGIONS) {
            all.addAll(List.of("--region", region));
        }
        // Every service (ECR, STS) at the emulator through the SDK's own endpoint setting.
        return JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_ENDPOINT_URL", ecr.endpoint())
                .run(all.toArray(String[]::new));
    }

    /** The images of a repository in an account and region, seen with a role assumed there. */
    private List<String> digests(String account, String region) {
        try (StsClient sts = StsClient.builder()
                .region(Region.of(region))
                .endpointOverride(java.net.URI.create(ecr.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            Credentials c = sts.assumeRole(r ->
                            r.roleArn("arn:aws:iam::" + account + ":role/check").roleSessionName("check"))
                    .credentials();
            try (EcrClient client = EcrClient.builder()
                    .region(Region.of(region))
                    .endpointOverride(java.net.URI.create(ecr.endpoint()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
                    .build()) {
                return client.describeImages(r -> r.repositoryName("app")).imageDetails().stream()
                        .map(i -> i.imageDigest())
                        .toList();
            }
        }
    }

    @Test
    void threeAccountsInTwoRegionsAreCleanedInOneRunNamingEveryTarget() throws Exception {
        Map<String, SeedImage> untagged = seed();

        JarProcess.Result r = run(
                "delete-untagged",
                "--all",
                "--older-than",
                "7d",
                "--role-name",
                "ecrsweep",
                "--account",
                String.join(",", ACCOUNTS),
                "--yes",
                "-o",
                "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = EcrEmulator.json().readTree(r.out());
        assertThat(doc.get("kind").asText()).isEqualTo("ecrsweep-fleet-report");
        assertThat(doc.get("targets")).hasSize(6);
        List<String> named = new ArrayList<>();
        doc.get("targets").forEach(t -> named.add(t.get("target").asText()));
        for (String account : ACCOUNTS) {
            for (String region : REGIONS) {
                assertThat(named).contains("account " + account + " (" + region + ")");
                List<String> left = digests(account, region);
                assertThat(left)
                        .hasSize(1)
                        .doesNotContain(untagged.get(account + "/" + region).digest());
            }
        }
        assertThat(doc.get("summary").get("totals").get("deleted").asInt()).isEqualTo(6);
    }

    @Test
    void twoShardsOfOneRunMergeIntoTheFleetAndAShardOfAnotherRunIsRefused() throws Exception {
        seed();
        List<java.nio.file.Path> shards = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JarProcess.Result r = run(
                    "delete-untagged",
                    "--all",
                    "--older-than",
                    "7d",
                    "--role-name",
                    "ecrsweep",
                    "--account",
                    String.join(",", ACCOUNTS),
                    "--shard",
                    i + "/2",
                    "--run-id",
                    "nightly-7",
                    "--yes",
                    "--report",
                    home.resolve("shard-{shard}.json").toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            shards.add(home.resolve("shard-" + i + "-of-2.json"));
        }
        java.nio.file.Path other = home.resolve("other.json");
        JsonNode second = EcrEmulator.json().readTree(java.nio.file.Files.readString(shards.get(1)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) second).put("runId", "nightly-8");
        java.nio.file.Files.writeString(other, second.toString());

        JarProcess.Result merged = JarProcess.in(home)
                .run("report", "merge", shards.get(0).toString(), shards.get(1).toString(), "-o", "json");
        JarProcess.Result refused =
                JarProcess.in(home).run("report", "merge", shards.get(0).toString(), other.toString());

        assertThat(merged.exitCode()).as(merged.err()).isZero();
        JsonNode doc = EcrEmulator.json().readTree(merged.out());
        assertThat(doc.get("runId").asText()).isEqualTo("nightly-7");
        assertThat(doc.get("targets")).hasSize(6);
        assertThat(doc.get("summary").get("totals").get("deleted").asInt()).isEqualTo(6);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .contains(shards.get(0).toString())
                .contains(other.toString())
                .contains("run id 'nightly-7' and 'nightly-8'");
    }

    @Test
    void eachAccountsRoleIsAssumedOnceForAllItsRegionsAndServices() throws Exception {
        seed();
        com.github.tomakehurst.wiremock.WireMockServer proxy = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                        .bindAddress("127.0.0.1")
                        .dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                            com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                            .proxiedFrom(ecr.endpoint())));
            List<String> args = new ArrayList<>(List.of(
                    "delete-untagged",
                    "--all",
                    "--role-name",
                    "ecrsweep",
                    "--account",
                    String.join(",", ACCOUNTS),
                    "--in-use",
                    "ecs,lambda",
                    "--dry-run"));
            REGIONS.forEach(region -> args.addAll(List.of("--region", region)));

            JarProcess.Result r = JarProcess.in(home)
                    .dummyCredentials()
                    .env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + proxy.port())
                    .env("AWS_REGION", EcrEmulator.REGION)
                    .run(args.toArray(String[]::new));

            assertThat(r.exitCode()).as(r.err()).isZero();
            int assumed = proxy.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                            .withRequestBody(
                                    com.github.tomakehurst.wiremock.client.WireMock.containing("Action=AssumeRole")))
                    .size();
            // Three accounts, two regions, three services (ECR, ECS, Lambda): one AssumeRole per account.
            assertThat(assumed).isEqualTo(ACCOUNTS.size());
        } finally {
            proxy.stop();
        }
    }

    @Test
    void aTargetOfTheRunsOwnCredentialsIsNamedByItsAccountEvenWhenItsRegistryIsEmpty() throws Exception {
        JarProcess.Result r = run("delete-untagged", "--all", "--dry-run", "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = EcrEmulator.json().readTree(r.out());
        for (JsonNode t : doc.get("targets")) {
            assertThat(t.get("report").get("account").asText()).isEqualTo(EcrEmulator.ACCOUNT);
            assertThat(t.get("target").asText()).startsWith("account " + EcrEmulator.ACCOUNT + " (");
        }
    }

    @Test
    void oneFleetPlanIsReviewedOnceAndAppliedByTwoWorkersWithNoOverlap() throws Exception {
        Map<String, SeedImage> untagged = seed();
        java.nio.file.Path plan = home.resolve("fleet-plan.json");
        JarProcess.Result planned = run(
                "delete-untagged",
                "--all",
                "--older-than",
                "7d",
                "--role-name",
                "ecrsweep",
                "--account",
                String.join(",", ACCOUNTS),
                "--dry-run",
                "--out",
                plan.toString());
        assertThat(planned.exitCode()).as(planned.err()).isZero();
        java.util.regex.Matcher sha =
                java.util.regex.Pattern.compile("SHA-256 ([0-9a-f]{64})").matcher(planned.out());
        assertThat(sha.find()).as(planned.out()).isTrue();

        List<JarProcess.Result> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            workers.add(JarProcess.in(home)
                    .dummyCredentials()
                    .env("AWS_ENDPOINT_URL", ecr.endpoint())
                    .env("AWS_REGION", EcrEmulator.REGION)
                    .run("apply", plan.toString(), "--expect-sha256", sha.group(1), "--shard", i + "/2", "--yes"));
        }

        assertThat(workers).allSatisfy(w -> assertThat(w.exitCode()).as(w.err()).isZero());
        for (String account : ACCOUNTS) {
            for (String region : REGIONS) {
                assertThat(digests(account, region))
                        .hasSize(1)
                        .doesNotContain(untagged.get(account + "/" + region).digest());
            }
        }
    }

    @Test
    void theAccountsOfAnOrganizationAreItsTargets() throws Exception {
        List<String> created = new ArrayList<>();
        try (software.amazon.awssdk.services.organizations.OrganizationsClient org =
                software.amazon.awssdk.services.organizations.OrganizationsClient.builder()
                        .region(Region.US_EAST_1)
                        .endpointOverride(java.net.URI.create(ecr.endpoint()))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                        "testing", "testing")))
                        .build()) {
            org.createOrganization(r -> r.featureSet("ALL"));
            for (String name : List.of("payments", "search")) {
                created.add(org.createAccount(r -> r.accountName(name).email(name + "@example.com"))
                        .createAccountStatus()
                        .accountId());
            }
        }
        for (String account : created) {
            Seed seed = new Seed().inAccount(account);
            seed.image("app", "old-" + account, EndToEndIT.daysAgo(30));
            ecr.seed(seed);
        }

        JarProcess.Result r = org("--org-accounts", "--role-name", "ecrsweep", "--region", EcrEmulator.REGION);
        JarProcess.Result excluding = org(
                "--org-accounts",
                "--exclude-account",
                created.get(0),
                "--include-management-account",
                "--role-name",
                "ecrsweep",
                "--region",
                EcrEmulator.REGION);
        java.nio.file.Path file = home.resolve("targets.yaml");
        java.nio.file.Files.writeString(
                file,
                "kind: ecrsweep-targets\nversion: 1\ndefaults: {roleName: ecrsweep, regions: [" + EcrEmulator.REGION
                        + "]}\norganization: {excludeAccounts: ['" + created.get(1) + "']}\n");
        JarProcess.Result listed = org("--targets", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        // The management account (the emulator's caller) is left out, and the run says so.
        assertThat(named(r))
                .containsExactlyInAnyOrder(created.stream()
                        .map(a -> "account " + a + " (" + EcrEmulator.REGION + ")")
                        .toArray(String[]::new));
        assertThat(r.err()).contains("the organization's management account " + EcrEmulator.ACCOUNT + " is left out");
        assertThat(EcrEmulator.json()
                        .readTree(r.out())
                        .get("summary")
                        .get("totals")
                        .get("delete")
                        .asInt())
                .isEqualTo(2);
        assertThat(excluding.exitCode()).as(excluding.err()).isZero();
        assertThat(named(excluding))
                .containsExactlyInAnyOrder(
                        "account " + created.get(1) + " (" + EcrEmulator.REGION + ")",
                        "account " + EcrEmulator.ACCOUNT + " (" + EcrEmulator.REGION + ")");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(named(listed)).containsExactly("account " + created.get(0) + " (" + EcrEmulator.REGION + ")");
    }

    private JarProcess.Result org(String... targets) throws Exception {
        List<String> args = new ArrayList<>(List.of("delete-untagged", "--all", "--dry-run", "-o", "json"));
        args.addAll(List.of(targets));
        return JarProcess.in(home)
                .dummyCredentials()
                .env("AWS_ENDPOINT_URL", ecr.endpoint())
                .run(args.toArray(String[]::new));
    }

    private static List<String> named(JarProcess.Result r) throws Exception {
        List<String> named = new ArrayList<>();
        JsonNode doc = EcrEmulator.json().readTree(r.out());
        if (!doc.has("targets")) {
            // One target: its own report.
            return List.of("account " + doc.get("account").asText() + " ("
                    + doc.get("region").asText() + ")");
        }
        doc.get("targets").forEach(t -> named.add(t.get("target").asText()));
        return named;
    }

    @Test
    void aRoleThatCannotBeAssumedFailsItsTargetAloneWithExitThree() throws Exception {
        Map<String, SeedImage> untagged = seed();

        JarProcess.Result r = run(
                "delete-untagged",
                "--all",
                "--older-than",
                "7d",
                "--role-arn",
                "arn:aws:iam::111111111111:role/ecrsweep",
                "--role-arn",
                "arn:aws:iam::222222222222:role/ecrsweep-denied",
                "--yes");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        // Said once for the account, not once per region; the trust policy named, as STS answered.
        assertThat(r.err())
                .containsOnlyOnce(": cannot assume role arn:aws:iam::222222222222:role/ecrsweep-denied (AccessDenied)")
                .contains("trust policy");
        assertThat(r.out())
                .contains("in account 111111111111 (eu-west-1)")
                .contains("Targets: 4, 2 fine, 2 failed (account 222222222222 (" + String.join(", ", REGIONS)
                        + "): cannot assume role");
        for (String region : REGIONS) {
            assertThat(digests("111111111111", region))
                    .doesNotContain(untagged.get("111111111111/" + region).digest());
            assertThat(digests("222222222222", region))
                    .contains(untagged.get("222222222222/" + region).digest());
        }
    }
}
