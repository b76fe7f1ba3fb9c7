package io.github.ecrsweep.registry.inuse;

import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.rules.Digest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference as workloads and people write it: {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:prod},
 * {@code web@sha256:<hex>}, a bare {@code sha256:<hex>}, or a Kubernetes {@code imageID} such as
 * {@code docker-pullable://...@sha256:<hex>}. A digest wins over a tag: it is what runs.
 *
 * @param registry   the registry host, or null when the reference names none
 * @param account    the account of an ECR host, or null
 * @param region     the region of an ECR host, or null
 * @param repository the repository, or null for a bare digest
 * @param tag        the tag, or null
 * @param digest     the manifest digest, or null
 */
public record ImageReference(
        String registry, String account, String region, String repository, String tag, Digest digest) {

    // Private ECR registries, IPv4 and dual-stack: https://docs.aws.amazon.com/general/latest/gr/ecr.html
    private static final Pattern ECR_HOST =
            Pattern.compile("(\\d{12})\\.dkr[.-]ecr(?:-fips)?\\.([a-z0-9-]+)\\.(?:amazonaws\\.com(?:\\.cn)?|on\\.aws)");
    // A repository name as ECR accepts it: lowercase components separated by '/'.
    private static final Pattern REPOSITORY =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern BARE_DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /** Parses a reference; empty when the text is not one. */
    public static Optional<ImageReference> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        if (s.isEmpty() || s.length() > 1024) {
            return Optional.empty();
        }
        if (BARE_DIGEST.matcher(s).matches()) {
            return Optional.of(new ImageReference(null, null, null, null, null, Digest.of(s)));
        }
        if (s.startsWith("sha256:") || s.startsWith("sha512:")) {
            return Optional.empty(); // a digest written wrong, not the repository "sha256"
        }
        Digest digest = null;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            String d = s.substring(at + 1);
            if (!BARE_DIGEST.matcher(d).matches()) {
                return Optional.empty();
            }
            digest = Digest.of(d);
            s = s.substring(0, at);
        }
        String registry = null;
        int slash = s.indexOf('/');
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.toLowerCase(java.util.Locale.ROOT);
                s = s.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return Optional.empty();
            }
        }
        if (!REPOSITORY.matcher(s).matches() || s.length() > 256) {
            return Optional.empty();
        }
        String account = null;
        String region = null;
        if (registry != null) {
            // A port names the same registry: 123456789012.dkr.ecr.us-east-1.amazonaws.com:443/web.
            Matcher m = ECR_HOST.matcher(registry.replaceFirst(":[0-9]{1,5}$", ""));
            if (m.matches()) {
                account = m.group(1);
                region = m.group(2);
            }
        }
        return Optional.of(new ImageReference(registry, account, region, s, tag, digest));
    }

    /** The same image, named by the digest it runs (a task's pulled digest, Inspector's resource). */
    public ImageReference withDigest(Digest runs) {
        return new ImageReference(registry, account, region, repository, tag, runs);
    }

    /** Whether the reference names a private ECR registry. */
    public boolean isEcr() {
        return account != null;
    }

    /**
     * Whether the reference's host looks like a private ECR registry's but is not one ecrsweep can read an
     * account and region from: a source must not pass such a reference over as another registry's.
     */
    public boolean looksLikeUnreadableEcr() {
        return registry != null && !isEcr() && looksLikeEcr(registry);
    }

    /** Whether text (a host, or a reference that could not be parsed) names what looks like an ECR registry. */
    public static boolean looksLikeEcr(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return t.contains(".dkr.ecr") || t.contains(".dkr-ecr");
    }

    /**
     * Whether this reference may name an image of the registry at {@code where}: an ECR host of that account
     * and region (as far as they are known), or no host at all (a pin file naming the run's registry).
     */
    public boolean appliesTo(Location where) {
        if (registry == null) {
            return true;
        }
        if (!isEcr()) {
            return false;
        }
        return (where.account() == null || where.account().equals(account))
                && (where.region() == null || where.region().equals(region));
    }

    /** The reference written back: host, repository, tag and digest as far as known. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (registry != null) {
            s.append(registry).append('/');
        }
        if (repository != null) {
            s.append(repository);
            if (tag != null) {
                s.append(':').append(tag);
            }
            if (digest != null) {
                s.append('@');
            }
        }
        if (digest != null) {
            s.append(digest);
        }
        return s.toString();
    }
}
