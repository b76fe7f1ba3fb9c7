package io.github.ecrsweep.registry.inuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.RegistryException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Image references as workloads and people write them, pin files, pod lists and scans. */
class InUseParsersTest {

    private static final String HEX = "a".repeat(64);
    private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @Test
    void anEcrReferenceNamesItsAccountRegionRepositoryTagAndDigest() {
        ImageReference r =
                ImageReference.parse(HOST + "/team/web:v1@sha256:" + HEX).orElseThrow();

        assertThat(r.account()).isEqualTo("123456789012");
        assertThat(r.region()).isEqualTo("eu-west-1");
        assertThat(r.repository()).isEqualTo("team/web");
        assertThat(r.tag()).isEqualTo("v1");
        assertThat(r.digest().toString()).isEqualTo("sha256:" + HEX);
        assertThat(r.toString()).isEqualTo(HOST + "/team/web:v1@sha256:" + HEX);
        assertThat(r.appliesTo(new Location("123456789012", "eu-west-1"))).isTrue();
        assertThat(r.appliesTo(new Location("123456789012", "us-east-1"))).isFalse();
        assertThat(r.appliesTo(new Location("999999999999", "eu-west-1"))).isFalse();
        assertThat(r.appliesTo(new Location(null, null))).isTrue();
    }

    @Test
    void kubernetesImageIdsDualStackHostsHostlessAndBareDigestsParse() {
        assertThat(ImageReference.parse("docker-pullable://" + HOST + "/web@sha256:" + HEX)
                        .orElseThrow()
                        .digest())
                .isNotNull();
        assertThat(ImageReference.parse("123456789012.dkr-ecr.eu-west-1.on.aws/web:prod")
                        .orElseThrow()
                        .isEcr())
                .isTrue();
        ImageReference hostless = ImageReference.parse("web:prod").orElseThrow();
        assertThat(hostless.registry()).isNull();
        assertThat(hostless.appliesTo(new Location("123456789012", "eu-west-1")))
                .isTrue();
        ImageReference bare = ImageReference.parse("sha256:" + HEX).orElseThrow();
        assertThat(bare.repository()).isNull();
        ImageReference hub =
                ImageReference.parse("docker.io/library/nginx:1.27").orElseThrow();
        assertThat(hub.isEcr()).isFalse();
        assertThat(hub.appliesTo(new Location("123456789012", "eu-west-1"))).isFalse();
        assertThat(ImageReference.parse("localhost:5000/web:1").orElseThrow().registry())
                .isEqualTo("localhost:5000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Web:1", "web@sha256:short", "web:", "web:-bad", "/web", "web//x", "sha256:XYZ"})
    void whatIsNoReferenceIsRefused(String text) {
        assertThat(ImageReference.parse(text)).isEmpty();
    }

    @Test
    void aPinFileNamesEachPinByLineAndRefusesALineThatIsNoReference() {
        List<InUseReference> pins = PinFile.parse(
                "pins.txt", "# production\n\nweb:prod   # the live tag\nweb@sha256:" + HEX + "\nsha256:" + HEX + "\n");

        assertThat(pins)
                .extracting(InUseReference::source)
                .containsExactly("file:pins.txt:3", "file:pins.txt:4", "file:pins.txt:5");
        assertThat(pins.get(0).image().tag()).isEqualTo("prod");
        assertThatThrownBy(() -> PinFile.parse("pins.txt", "web:prod\nnot a reference\n"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("pin file 'pins.txt', line 2: not an image reference"
                        + " (repository:tag, repository@sha256:<hex> or sha256:<hex>)");
        assertThatThrownBy(() -> PinFile.parse("pins.txt", "web\n"))
                .as("a repository alone pins nothing in particular")
                .isInstanceOf(RegistryException.class);
    }

    @Test
    void aPodListGivesThePulledDigestsAndTheSpecOfContainersNotStartedYet() {
        String pods = "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"namespace\":\"payments\",\"name\":\"api-7f9\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\"" + HOST + "/api:v1\"},"
                + "{\"name\":\"proxy\",\"image\":\"docker.io/envoyproxy/envoy:v1\"},"
                + "{\"name\":\"sidecar\",\"image\":\"" + HOST + "/sidecar:2\"}]},"
                + "\"status\":{\"containerStatuses\":[{\"name\":\"api\",\"image\":\"" + HOST + "/api:v1\","
                + "\"imageID\":\"docker-pullable://" + HOST + "/api@sha256:" + HEX + "\"},"
                + "{\"name\":\"proxy\",\"imageID\":\"docker.io/envoyproxy/envoy@sha256:" + HEX + "\"}]}}]}";

        List<InUseReference> found = KubernetesPods.parse("pods.json", pods);

        assertThat(found).allMatch(r -> r.source().equals("k8s:pod/payments/api-7f9"));
        assertThat(found)
                .extracting(r -> r.image().toString())
                .containsExactlyInAnyOrder(HOST + "/api@sha256:" + HEX, HOST + "/sidecar:2");
        assertThatThrownBy(() -> KubernetesPods.parse("pods.json", "{\"kind\":\"List\"}"))
                .hasMessageContaining("kubectl get pods -A -o json");
        assertThatThrownBy(() -> KubernetesPods.parse("pods.json", "{")).hasMessageContaining("is not JSON");
    }

    @Test
    void workloadsAreReadForTheImagesOfTheirPodTemplatesAndOtherKindsAreRefusedByName() {
        String list = "{\"kind\":\"List\",\"items\":["
                + "{\"kind\":\"Deployment\",\"metadata\":{\"namespace\":\"shop\",\"name\":\"web\"},"
                + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + HOST
                + "/web:v2\"}],\"initContainers\":[{\"name\":\"migrate\",\"image\":\"" + HOST
                + "/migrate@sha256:" + HEX + "\"}]}}}},"
                + "{\"kind\":\"CronJob\",\"metadata\":{\"namespace\":\"ops\",\"name\":\"nightly\"},"
                + "\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"n\","
                + "\"image\":\"" + HOST + "/report:1\"}]}}}}}}]}";

        List<InUseReference> found = KubernetesPods.parse("workloads.json", list);

        assertThat(found)
                .extracting(r -> r.source() + " " + r.image())
                .containsExactly(
                        "k8s:deployment/shop/web " + HOST + "/web:v2",
                        "k8s:deployment/shop/web " + HOST + "/migrate@sha256:" + HEX,
                        "k8s:cronjob/ops/nightly " + HOST + "/report:1");
        assertThatThrownBy(() -> KubernetesPods.parse(
                        "mixed.json",
                        "{\"kind\":\"List\",\"items\":[{\"kind\":\"Service\"},{\"kind\":\"Service\"},"
                                + "{\"kind\":\"ConfigMap\"}]}"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(
                        "Kubernetes list 'mixed.json' holds kinds that run no container: ConfigMap 1," + " Service 2");
    }

    @Test
    void rollbackTargetsCountOldReplicaSetsAtZeroReplicasAndControllerRevisions() {
        String list = "{\"kind\":\"List\",\"items\":["
                + "{\"kind\":\"ReplicaSet\",\"metadata\":{\"namespace\":\"shop\",\"name\":\"web-5d9\","
                + "\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"}},\"spec\":{\"replicas\":0,"
                + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + HOST
                + "/web@sha256:" + HEX + "\"}]}}}},"
                + "{\"kind\":\"ControllerRevision\",\"metadata\":{\"namespace\":\"data\",\"name\":\"db-7c4\"},"
                + "\"revision\":2,\"data\":{\"spec\":{\"template\":{\"$patch\":\"replace\",\"spec\":"
                + "{\"containers\":[{\"name\":\"db\",\"image\":\"" + HOST + "/db:15.4\"}]}}}}}]}";

        assertThat(KubernetesPods.parse("history.json", list))
                .extracting(r -> r.source() + " " + r.image())
                .containsExactly(
                        "k8s:replicaset/shop/web-5d9 " + HOST + "/web@sha256:" + HEX,
                        "k8s:controllerrevision/data/db-7c4 " + HOST + "/db:15.4");
    }

    @Test
    void aRegistryHostWithAPortNamesThatRegistryAndAnUnreadableEcrReferenceIsRefused() {
        String withPort = HOST + ":443/web/app@sha256:" + HEX;

        ImageReference parsed = ImageReference.parse(withPort).orElseThrow();
        List<InUseReference> pins = PinFile.parse("pins.txt", withPort + "\n");

        assertThat(parsed.isEcr()).isTrue();
        assertThat(parsed.account()).isEqualTo("123456789012");
        assertThat(parsed.repository()).isEqualTo("web/app");
        assertThat(pins).hasSize(1);
        assertThat(pins.get(0).image().isEcr()).isTrue();
        for (String unreadable : List.of(
                "123456789012.dkr.ecr.amazonaws.com/web@sha256:" + HEX,
                "123456789012.dkr.ecr.us-east-1.example/web:1")) {
            assertThatThrownBy(() -> PinFile.parse("pins.txt", unreadable + "\n"))
                    .as(unreadable)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("names an ECR registry whose account and region cannot be read");
            String pod = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\","
                    + "\"image\":\"" + unreadable + "\"}]}}";
            assertThatThrownBy(() -> KubernetesPods.parse("pods.json", pod))
                    .as(unreadable)
                    .hasMessageContaining("names an ECR registry whose account and region cannot be read");
        }
    }

    @Test
    void referencesToOtherRegistriesAreCountedByHost() {
        String pods = "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":["
                + "{\"name\":\"a\",\"image\":\"nginx:1.27\"},{\"name\":\"b\",\"image\":\"ghcr.io/x/y:1\"},"
                + "{\"name\":\"c\",\"image\":\"" + HOST + "/web:1\"}]}}]}";

        References read = KubernetesPods.read("pods.json", pods);

        assertThat(read.list()).hasSize(1);
        assertThat(read.others()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("docker.io", 1, "ghcr.io", 1));
    }

    @Test
    void aScanIsReadBackWithItsSourcesAndAnotherDocumentIsRefused() {
        String scan = "{\"schemaVersion\":1,\"kind\":\"ecrsweep-in-use\",\"scannedAt\":\"2026-11-28T12:00:00Z\","
                + "\"sources\":[],\"images\":[{\"image\":\"" + HOST + "/web@sha256:" + HEX + "\","
                + "\"sources\":[\"ecs:service/prod/web\",\"lambda:function/resize:live\"]}]}";

        List<InUseReference> found = InUseFile.parse("in-use.json", scan);

        assertThat(found)
                .extracting(InUseReference::source)
                .containsExactly("ecs:service/prod/web", "lambda:function/resize:live");
        assertThat(found.get(0).image().repository()).isEqualTo("web");
        assertThatThrownBy(() -> InUseFile.parse("in-use.json", "{\"ecrsweepRegistryExport\":1}"))
                .hasMessageContaining("is not an in-use scan");
        assertThatThrownBy(() -> InUseFile.parse(
                        "in-use.json", "{\"kind\":\"ecrsweep-in-use\",\"schemaVersion\":2,\"images\":[]}"))
                .hasMessageContaining("schemaVersion 2");
        assertThat(Optional.of(found.get(1).image().digest())).isPresent();
    }

    @Test
    void aDigestListedTwiceCountsOnceOrIsRefused() {
        List<InUseReference> pins = PinFile.parse("pins.txt", "web@sha256:" + HEX + "\nweb@sha256:" + HEX + "\n");
        String twice = "{\"schemaVersion\":1,\"kind\":\"ecrsweep-in-use\",\"sources\":[],\"images\":["
                + "{\"image\":\"" + HOST + "/web@sha256:" + HEX + "\",\"sources\":[\"ecs\"]},"
                + "{\"image\":\"" + HOST + "/web@sha256:" + HEX + "\",\"sources\":[\"lambda\"]}]}";
        String pod = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":["
                + "{\"name\":\"a\",\"image\":\"" + HOST + "/web:1\"},{\"name\":\"b\",\"image\":\"" + HOST
                + "/web:1\"}]}}";

        assertThat(pins).extracting(InUseReference::source).containsExactly("file:pins.txt:1");
        assertThatThrownBy(() -> InUseFile.parse("in-use.json", twice))
                .hasMessageContaining("images[1] is the image of images[0] again");
        assertThat(KubernetesPods.parse("pods.json", pod)).hasSize(1);
    }
}
