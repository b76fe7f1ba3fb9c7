package io.github.ecrsweep.registry.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.inuse.InUseReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clusters read from their APIs, against a stand-in that speaks the list protocol. */
class KubernetesClustersTest {

    private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String TOKEN = "k8s-aws-v1.standin";

    @TempDir
    Path dir;

    KubernetesApiStandIn api;

    @BeforeEach
    void start() throws Exception {
        api = new KubernetesApiStandIn(TOKEN);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private KubernetesClusters source(String contexts, String... names) throws Exception {
        Path config = api.kubeconfig(dir, names);
        return new KubernetesClusters(contexts, Map.of("KUBECONFIG", config.toString(), "HOME", dir.toString()));
    }

    @Test
    void everyPageOfEveryKindIsReadWithTheTokenTheExecPluginGives() throws Exception {
        for (int i = 0; i < 1_200; i++) {
            api.add("pods", i % 2 == 0 ? "shop" : "payments", "pod-" + i, HOST + "/web:v" + (i % 3));
        }
        api.add("replicasets", "shop", "web-old", HOST + "/web:v0-rollback")
                .add("controllerrevisions", "data", "db-1", HOST + "/db:15")
                .add("cronjobs", "ops", "nightly", HOST + "/report:1")
                .add("deployments", "shop", "hub", "docker.io/library/nginx:1.27");

        KubernetesClusters cluster = source("prod", "prod");
        List<InUseReference> found = cluster.scan();

        assertThat(found).extracting(r -> r.image().toString()).contains(HOST + "/web:v0-rollback", HOST + "/db:15");
        assertThat(found)
                .extracting(InUseReference::source)
                .contains(
                        "k8s:prod/replicaset/shop/web-old",
                        "k8s:prod/controllerrevision/data/db-1",
                        "k8s:prod/cronjob/ops/nightly",
                        "k8s:prod/pod/payments/pod-1199");
        assertThat(found).hasSize(1_200 + 3);
        assertThat(cluster.otherRegistries()).containsEntry("docker.io", 1);
        // 1,200 pods at 500 a page: three pages, the last two asked for with the token the page before gave.
        assertThat(api.requests().stream().filter(r -> r.startsWith("GET /api/v1/pods")))
                .hasSize(3)
                .allMatch(r -> r.contains("limit=" + KubernetesClusters.LIMIT));
        assertThat(cluster.statistics().calls()).containsEntry("list pods", 3L).containsEntry("list deployments", 1L);
    }

    @Test
    void aForbiddenClusterWideListIsReadNamespaceByNamespaceAndAForbiddenNamespaceFailsTheSource() throws Exception {
        api.add("deployments", "shop", "web", HOST + "/web:1")
                .add("deployments", "payments", "api", HOST + "/api:1")
                .forbidClusterWide("deployments");

        assertThat(source("prod", "prod").scan())
                .extracting(InUseReference::source)
                .containsExactlyInAnyOrder("k8s:prod/deployment/shop/web", "k8s:prod/deployment/payments/api");

        api.forbidNamespace("payments");
        assertThatThrownBy(() -> source("prod", "prod").scan())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(
                        "context 'prod' may not list deployments in namespace 'payments' (403 Forbidden)");
    }

    @Test
    void anExpiredContinueTokenStartsTheListAgainAndOneThatKeepsExpiringFailsTheSource() throws Exception {
        for (int i = 0; i < 600; i++) {
            api.add("pods", "shop", "pod-" + i, HOST + "/web:" + i);
        }
        api.expireContinue("pods", 1);

        assertThat(source("prod", "prod").scan()).hasSize(600);

        api.expireContinue("pods", 3);
        assertThatThrownBy(() -> source("prod", "prod").scan())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("the list of pods expired 3 times while it was read (410 Gone)");
    }

    @Test
    void aGlobPicksContextsAndOneThatPicksNoneOrACredentialRefusedFailsTheSource() throws Exception {
        api.add("pods", "shop", "web", HOST + "/web:1");

        assertThat(source("prod-*", "prod-eu", "prod-us", "staging").scan())
                .extracting(InUseReference::source)
                .containsExactly("k8s:prod-eu/pod/shop/web", "k8s:prod-us/pod/shop/web");
        assertThatThrownBy(() -> source("dev-*", "prod-eu", "staging").scan())
                .hasMessageContaining("no context of the kubeconfig matches 'dev-*'; it has prod-eu, staging");

        Path config = api.kubeconfig(dir, "prod");
        Files.writeString(config, Files.readString(config).replace("get-token", "missing-plugin"));
        assertThatThrownBy(() -> new KubernetesClusters("prod", Map.of("KUBECONFIG", config.toString())).scan())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("context 'prod'");
    }

    @Test
    void plainHttpToAnotherHostIsRefusedSoThatNoCredentialCrossesTheNetworkInClearText() throws Exception {
        Path config = api.kubeconfig(dir, "remote");
        Files.writeString(config, Files.readString(config).replace(api.url(), "http://10.0.0.1:6443"));

        assertThatThrownBy(() -> new KubernetesClusters("remote", Map.of("KUBECONFIG", config.toString())).scan())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("serves its API over plain HTTP (http://10.0.0.1:6443)");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void withoutAKubeconfigTheSourceFailsAndSaysWhereItLooked() {
        assertThatThrownBy(() -> new KubernetesClusters("prod", Map.of("HOME", dir.toString())).scan())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("KUBECONFIG is not set and " + dir.resolve(".kube/config") + " does not exist");
    }
}
