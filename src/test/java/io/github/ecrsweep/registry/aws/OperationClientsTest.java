package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

/** One client, and so one adaptive rate limiter, per ECR operation of a target. */
class OperationClientsTest {

    @Test
    void eachOperationHasItsOwnClientAndTheFirstIsBuiltAtOnce() {
        List<EcrClient> built = new ArrayList<>();
        List<Pace> paces = new ArrayList<>();
        OperationClients clients = OperationClients.each(
                pace -> {
                    EcrClient c = mock(EcrClient.class);
                    built.add(c);
                    paces.add(pace);
                    return c;
                },
                0);
        assertThat(built).hasSize(1);

        EcrClient describe = clients.of("DescribeImages");
        EcrClient delete = clients.of("BatchDeleteImage");

        assertThat(describe).isSameAs(built.get(0)).isSameAs(clients.of("DescribeImages"));
        assertThat(delete).isNotSameAs(describe).isSameAs(clients.of("BatchDeleteImage"));
        assertThat(built).hasSize(2);
        assertThat(paces).containsOnlyNulls();

        clients.close();
        built.forEach(c -> verify(c).close());
    }

    @Test
    void aCeilingGivesEveryOperationItsOwnPace() {
        List<Pace> paces = new ArrayList<>();
        OperationClients clients = OperationClients.each(
                pace -> {
                    paces.add(pace);
                    return mock(EcrClient.class);
                },
                25);

        clients.of("DescribeImages");
        clients.of("BatchDeleteImage");

        assertThat(paces).hasSize(2).doesNotContainNull();
        assertThat(paces.get(0)).isNotSameAs(paces.get(1));
    }

    @Test
    void aSharedClientServesEveryOperationAndIsClosedOnce() {
        EcrClient only = mock(EcrClient.class);
        OperationClients clients = OperationClients.sharing(only);

        assertThat(clients.of("DescribeImages")).isSameAs(only);
        assertThat(clients.of("BatchDeleteImage")).isSameAs(only);
        clients.close();
        verify(only).close();
    }
}
