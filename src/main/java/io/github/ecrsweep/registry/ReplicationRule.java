package io.github.ecrsweep.registry;

import java.util.List;

/**
 * One rule of a registry's replication configuration: the repositories it replicates (names starting with one of
 * the prefixes; every repository when there is none) and where to.
 */
public record ReplicationRule(List<Destination> destinations, List<String> prefixes) {

    /** A region of an account that receives the replicas. */
    public record Destination(String region, String registryId) {
        @Override
        public String toString() {
            return region + " (" + registryId + ")";
        }
    }

    public ReplicationRule {
        destinations = List.copyOf(destinations);
        prefixes = List.copyOf(prefixes);
    }

    /** Whether the rule replicates this repository (ECR's PREFIX_MATCH filters). */
    public boolean replicates(String repository) {
        return prefixes.isEmpty() || prefixes.stream().anyMatch(repository::startsWith);
    }
}
