package io.github.ecrsweep.app;

import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} parts of a fleet ({@code --shard I/N}): the repositories whose stable hash of
 * (account, region, repository) falls on {@code index}. The hash is SHA-256, the same in every process and
 * on every machine, so N workers given 0/N to N-1/N split a fleet with no overlap and no coordination.
 */
public record Shard(int index, int count) {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,6}|[A-Za-z_][A-Za-z0-9_]{0,99})/([0-9]{1,6})");
    private static final Pattern INDEX = Pattern.compile("[0-9]{1,6}");

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--shard " + index + "/" + count + " is not a shard: I/N with N at least 1 and I from 0 to N-1");
        }
    }

    /** {@code I/N}, as given to --shard (e.g. {@code 0/4}); I may not name an environment variable here. */
    public static Shard parse(String text) {
        return parse(text, name -> null);
    }

    /**
     * {@code I/N}, where I is a number or the name of an environment variable that holds it
     * ({@code AWS_BATCH_JOB_ARRAY_INDEX/4}, {@code JOB_COMPLETION_INDEX/4}): an engine that sets the index
     * only in the environment needs no shell to pass it.
     */
    public static Shard parse(String text, java.util.function.UnaryOperator<String> environment) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--shard '" + text + "' is not a shard: I/N, e.g. 0/4 (I from 0 to N-1, or the name of an"
                            + " environment variable that holds it, e.g. JOB_COMPLETION_INDEX/4)");
        }
        String index = m.group(1);
        if (!INDEX.matcher(index).matches()) {
            String value = environment.apply(index);
            if (value == null || !INDEX.matcher(value.trim()).matches()) {
                throw new UserError(
                        ExitCode.USAGE,
                        "--shard " + text.trim() + ": the environment variable " + index
                                + (value == null ? " is not set" : " is '" + value + "', not a shard index"));
            }
            index = value.trim();
        }
        return new Shard(Integer.parseInt(index), Integer.parseInt(m.group(2)));
    }

    /** Whether this shard holds the repository of that registry. */
    public boolean holds(Location location, String repository) {
        return bucket(location, repository, count) == index;
    }

    /** The shard of N a repository falls in. */
    static int bucket(Location location, String repository, int count) {
        String key = nullToEmpty(location.account()) + "/" + nullToEmpty(location.region()) + "/" + repository;
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (hash[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(h, count);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
