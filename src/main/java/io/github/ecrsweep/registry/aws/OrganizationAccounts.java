package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.RegistryException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.ParentNotFoundException;

/**
 * The accounts of the caller's AWS Organization ({@code --org-accounts}), read with the run's own credentials
 * (the management account or a delegated administrator): every ACTIVE account, or those of some
 * organizational units and of the units below them.
 */
public final class OrganizationAccounts {

    private OrganizationAccounts() {}

    /** The ACTIVE account ids, sorted; of {@code units} and their descendants when any is given. */
    public static List<String> list(EcrSettings settings, List<String> units) {
        AwsClients clients = AwsClients.resolve(settings);
        try (OrganizationsClient org = clients.build(OrganizationsClient.builder(), new CallCounter(), null)) {
            TreeSet<String> accounts = new TreeSet<>();
            if (units.isEmpty()) {
                org.listAccountsPaginator(r -> {}).stream()
                        .flatMap(page -> page.accounts().stream())
                        .filter(OrganizationAccounts::active)
                        .forEach(a -> accounts.add(a.id()));
                return List.copyOf(accounts);
            }
            Deque<String> parents = new ArrayDeque<>(units);
            while (!parents.isEmpty()) {
                String parent = parents.poll();
                org.listAccountsForParentPaginator(r -> r.parentId(parent)).stream()
                        .flatMap(page -> page.accounts().stream())
                        .filter(OrganizationAccounts::active)
                        .forEach(a -> accounts.add(a.id()));
                org.listOrganizationalUnitsForParentPaginator(r -> r.parentId(parent)).stream()
                        .flatMap(page -> page.organizationalUnits().stream())
                        .forEach(ou -> parents.add(ou.id()));
            }
            return List.copyOf(accounts);
        } catch (AwsOrganizationsNotInUseException e) {
            throw new RegistryException(
                    RegistryException.Kind.SERVICE,
                    "--org-accounts: the caller's account is in no AWS Organization; name the accounts with --account");
        } catch (ParentNotFoundException e) {
            throw new RegistryException(
                    RegistryException.Kind.SERVICE,
                    "--org-unit: " + String.join(", ", units)
                            + " names no organizational unit or root of the organization");
        } catch (SdkException e) {
            throw EcrErrors.map(
                    e,
                    null,
                    "ListAccounts",
                    clients.settings(),
                    "the organization (organizations:ListAccounts, ListAccountsForParent and"
                            + " ListOrganizationalUnitsForParent, in the management account or a delegated administrator)");
        }
    }

    /** The organization's management account (DescribeOrganization), or empty when it cannot be read. */
    public static java.util.Optional<String> management(EcrSettings settings) {
        AwsClients clients = AwsClients.resolve(settings);
        try (OrganizationsClient org = clients.build(OrganizationsClient.builder(), new CallCounter(), null)) {
            return java.util.Optional.ofNullable(
                    org.describeOrganization().organization().masterAccountId());
        } catch (SdkException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean active(Account account) {
        return account.status() == AccountStatus.ACTIVE;
    }
}
