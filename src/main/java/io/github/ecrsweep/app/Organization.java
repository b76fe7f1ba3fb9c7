package io.github.ecrsweep.app;

import java.util.List;

/** The caller's AWS Organization, asked for its accounts only once the options are known to be valid. */
@FunctionalInterface
public interface Organization {

    /** Nobody to ask: a run without {@code --org-accounts}. */
    Organization NONE = (caller, units) -> {
        throw new IllegalStateException("no organization to read");
    };

    /**
     * The ACTIVE account ids, sorted; of {@code units} (and the units below them) when any is given.
     *
     * @param caller where the run's own credentials and region are (no role)
     */
    List<String> activeAccounts(Target caller, List<String> units);

    /** The organization's management account, when it can be told; it is left out of the targets unless asked. */
    default java.util.Optional<String> managementAccount(Target caller) {
        return java.util.Optional.empty();
    }
}
