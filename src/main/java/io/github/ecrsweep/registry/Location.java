package io.github.ecrsweep.registry;

/**
 * Where a registry is: its account (registry id) and region. Either may be unknown: the account until
 * a repository has been listed, both for a snapshot that does not say.
 */
public record Location(String account, String region) {

    /** {@code account 123456789012 (us-east-1)}, as far as it is known. */
    public String describe() {
        String where = account != null ? "account " + account : "the caller's account";
        return region == null ? where : where + " (" + region + ")";
    }
}
