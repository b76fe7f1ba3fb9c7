package io.github.ecrsweep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.ecrsweep.registry.Registry;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.ListReport.Listing;
import io.github.ecrsweep.report.UserError;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@code list} reads, and when: repositories named alone are read while they are looked up. */
class ListingsTest {

    private final Registry registry = mock(Registry.class);

    ListingsTest() {
        when(registry.describe()).thenReturn("the test registry");
        when(registry.getLifecyclePolicy(any())).thenReturn(Optional.empty());
    }

    /** The lookup answers only once the images were asked for: it returns only if both are under way at once. */
    @Test
    void namedRepositoriesAreReadWhileTheyAreLookedUp() {
        CountDownLatch reading = new CountDownLatch(1);
        when(registry.listImages("web")).thenAnswer(call -> {
            reading.countDown();
            return List.of();
        });
        when(registry.findRepositories(anyCollection())).thenAnswer(call -> {
            assertThat(reading.await(10, TimeUnit.SECONDS))
                    .as("the images asked for while the lookup was under way")
                    .isTrue();
            return List.of(Repository.named("web"));
        });

        List<Listing> listings = Listings.images(
                registry,
                new Selection(List.of("web"), false, List.of(), List.of(), true),
                Diagnostics.NONE,
                Fleet.sequential(),
                true);

        assertThat(listings).extracting(l -> l.repository().name()).containsExactly("web");
    }

    /** A name that does not exist fails with the lookup's message, not with what reading its images answered. */
    @Test
    void aNameNotFoundIsToldByTheLookup() {
        when(registry.findRepositories(anyCollection())).thenReturn(List.of(Repository.named("web")));
        when(registry.listRepositories()).thenReturn(List.of(Repository.named("web")));
        when(registry.listImages("web")).thenReturn(List.of());
        when(registry.listImages("wbe"))
                .thenThrow(new RegistryException(
                        RegistryException.Kind.REPOSITORY_NOT_FOUND,
                        "RepositoryNotFoundException from DescribeImages"));

        Selection both = new Selection(List.of("web", "wbe"), false, List.of(), List.of(), true);
        assertThatThrownBy(() -> Listings.listed(registry, both, Diagnostics.NONE, Fleet.sequential()))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("repository 'wbe' not found in the test registry")
                .hasMessageContaining("web");
    }

    /** A reading that failed for a repository that exists fails the listing, as it did when it waited. */
    @Test
    void aReadingThatFailedFailsTheListing() {
        when(registry.findRepositories(anyCollection())).thenReturn(List.of(Repository.named("web")));
        RegistryException denied =
                new RegistryException(RegistryException.Kind.ACCESS_DENIED, "not allowed: ecr:DescribeImages");
        when(registry.listImages("web")).thenThrow(denied);

        Selection web = new Selection(List.of("web"), false, List.of(), List.of(), true);
        assertThatThrownBy(() -> Listings.listed(registry, web, Diagnostics.NONE, Fleet.sequential()))
                .isSameAs(denied);
    }

    /** Globs narrow what is read: nothing is read before the lookup says which repositories they leave. */
    @Test
    void aSelectionWithGlobsReadsOnlyWhatItChose() {
        when(registry.findRepositories(anyCollection()))
                .thenReturn(List.of(Repository.named("team/api"), Repository.named("web")));
        when(registry.listImages(any())).thenReturn(List.of());

        Selection narrowed = new Selection(List.of("team/api", "web"), false, List.of("team/*"), List.of(), true);
        List<Listing> listings = Listings.listed(registry, narrowed, Diagnostics.NONE, Fleet.sequential());

        assertThat(listings).extracting(l -> l.repository().name()).containsExactly("team/api");
        verify(registry, never()).listImages("web");
    }
}
