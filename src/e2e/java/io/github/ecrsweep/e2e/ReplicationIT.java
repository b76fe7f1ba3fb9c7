package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ReplicationConfiguration;
import software.amazon.awssdk.services.ecr.model.ReplicationDestination;
import software.amazon.awssdk.services.ecr.model.ReplicationRule;
import software.amazon.awssdk.services.ecr.model.RepositoryFilter;
import software.amazon.awssdk.services.ecr.model.RepositoryFilterType;

/** A plan that changes replicated repositories says where their replicas are, which it leaves. */
@ExtendWith(EcrEmulator.class)
class ReplicationIT {

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
    }

    private void replicateProdTo(String region) {
        replicateProdTo(region, EcrEmulator.ACCOUNT);
    }

    private void replicateProdTo(String region, String account) {
        try (EcrClient client = ecr.client()) {
            ReplicationRule rule = ReplicationRule.builder()
                    .destinations(ReplicationDestination.builder()
                            .region(region)
                            .registryId(account)
                            .build())
                    .repositoryFilters(RepositoryFilter.builder()
                            .filter("prod/")
                            .filterType(RepositoryFilterType.PREFIX_MATCH)
                            .build())
                    .build();
            client.putReplicationConfiguration(r -> r.replicationConfiguration(
                    ReplicationConfiguration.builder().rules(rule).build()));
        }
    }

    private java.util.Set<String> digests(String region, String repository) {
        try (EcrClient client = ecr.client(region, new String[] {"test", "test"})) {
            return client.describeImages(r -> r.repositoryName(repository)).imageDetails().stream()
                    .map(software.amazon.awssdk.services.ecr.model.ImageDetail::imageDigest)
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void warnsThatReplicasKeepWhatTheSourceLoses() throws Exception {
        Seed seed = new Seed();
        seed.image("prod/web", "p1", EndToEndIT.daysAgo(10));
        seed.image("dev/web", "d1", EndToEndIT.daysAgo(10));
        ecr.seed(seed);
        replicateProdTo("eu-west-1");

        JarProcess.Result prod = ecr.ecrsweep(home, "delete-untagged", "--all", "--dry-run");
        JarProcess.Result dev = ecr.ecrsweep(home, "delete-untagged", "-r", "dev/web", "--dry-run");

        assertThat(prod.exitCode()).as(prod.err()).isZero();
        assertThat(prod.err())
                .contains("replicated to eu-west-1 (" + EcrEmulator.ACCOUNT + "): 1 repository")
                .contains("their replicas keep what this run deletes or changes here");
        assertThat(dev.exitCode()).as(dev.err()).isZero();
        assertThat(dev.err()).doesNotContain("replicated");
    }

    @Test
    void followingReplicationPlansEachDestinationFromItsOwnImages() throws Exception {
        Seed source = new Seed();
        Seed.SeedImage here = source.image("prod/web", "here", EndToEndIT.daysAgo(10));
        ecr.seed(source);
        Seed destination = new Seed().inRegion("eu-west-1");
        Seed.SeedImage replica = destination.image("prod/web", "replica", EndToEndIT.daysAgo(10));
        Seed.SeedImage youngReplica = destination.image("prod/web", "young-replica", EndToEndIT.daysAgo(2));
        Seed.SeedImage local = destination.image("local/tool", "local", EndToEndIT.daysAgo(10));
        ecr.seed(destination);
        replicateProdTo("eu-west-1");

        JarProcess.Result run = ecr.ecrsweep(
                home, "delete-untagged", "--all", "--older-than", "7d", "--follow-replication", "--yes", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(digests("us-east-1", "prod/web")).doesNotContain(here.digest());
        // The destination's own plan: its old untagged image goes, its young one stays, a repository the rule does
        // not replicate is not touched.
        assertThat(digests("eu-west-1", "prod/web"))
                .doesNotContain(replica.digest())
                .contains(youngReplica.digest());
        assertThat(digests("eu-west-1", "local/tool")).contains(local.digest());
        JarProcess.Result refused =
                ecr.ecrsweep(home, "restore", "--all", "--older-than", "1d", "--follow-replication", "--dry-run");
        assertThat(refused.exitCode()).isEqualTo(2);
    }

    @Test
    void anotherAccountsReplicaIsFollowedWithTheRoleOfThatName() throws Exception {
        String other = "210987654321";
        Seed source = new Seed();
        Seed.SeedImage here = source.image("prod/web", "here", EndToEndIT.daysAgo(10));
        ecr.seed(source);
        Seed destination = new Seed().inAccount(other);
        Seed.SeedImage replica = destination.image("prod/web", "replica", EndToEndIT.daysAgo(10));
        ecr.seed(destination);
        replicateProdTo(EcrEmulator.REGION, other);

        JarProcess.Result without = ecr.ecrsweep(
                home, "delete-untagged", "--all", "--older-than", "7d", "--follow-replication", "--dry-run");
        assertThat(without.exitCode()).as(without.err()).isZero();
        assertThat(without.err()).contains("is in another account: not followed");

        JarProcess.Result run = EcrEmulator.jar(home, ecr)
                .run(
                        "delete-untagged",
                        "--all",
                        "--older-than",
                        "7d",
                        "--role-name",
                        "ecrsweep",
                        "--account",
                        EcrEmulator.ACCOUNT,
                        "--follow-replication",
                        "--yes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(digests("us-east-1", "prod/web")).doesNotContain(here.digest());
        try (EcrClient client = ecr.client(EcrEmulator.REGION, ecr.createAccessKey(other))) {
            var left = client.describeImages(r -> r.repositoryName("prod/web")).imageDetails();
            assertThat(left).noneMatch(i -> i.imageDigest().equals(replica.digest()));
        }
    }
}
