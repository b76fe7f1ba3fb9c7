package io.github.ecrsweep.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One in-use source as the user named it, before it is read: a service of the run's account and region, or
 * a file. A plan records it, so that {@code apply} reads the same sources again.
 *
 * @param file   the file as given ({@code -} for standard input); null for a service
 * @param within    for Inspector: an image seen in use this recently counts; null otherwise
 * @param revisions for ECS and Batch: the newest ACTIVE revisions of each task or job definition that are kept;
 *                  null for every one (and for the other sources)
 */
public record InUseSpec(Kind kind, String file, Duration within, Integer revisions) {

    /** The kinds of source, as options and plans name them. */
    public enum Kind {
        ECS(false),
        LAMBDA(false),
        INSPECTOR(false),
        CLOUDFORMATION(false),
        BATCH(false),
        K8S(true),
        /** A context of the kubeconfig, or a glob over them: read once per run, as a file is. */
        K8S_CONTEXT(true),
        PIN_FILE(true),
        IN_USE_FILE(true);

        private final boolean file;

        Kind(boolean file) {
            this.file = file;
        }

        /** Whether the source is one the user gives (a file, a cluster), read once per run, not a service of the account. */
        public boolean isFile() {
            return file;
        }

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Kind of(String code) {
            for (Kind k : values()) {
                if (k.code().equals(code)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + code + "' is not an in-use source");
        }
    }

    public InUseSpec {
        Objects.requireNonNull(kind, "kind");
        if (kind.isFile() != (file != null)) {
            throw new IllegalArgumentException(kind.code() + (kind.isFile() ? " needs a file" : " reads no file"));
        }
        if (revisions != null && revisions < 1) {
            throw new IllegalArgumentException("revisions must be at least 1");
        }
    }

    public static InUseSpec service(Kind kind, Duration within) {
        return new InUseSpec(kind, null, within, null);
    }

    public static InUseSpec service(Kind kind, Duration within, Integer revisions) {
        return new InUseSpec(kind, null, within, revisions);
    }

    public static InUseSpec file(Kind kind, String file) {
        return new InUseSpec(kind, file, null, null);
    }

    /** How messages and {@code --in-use-optional} name it: {@code ecs}, {@code k8s:pods.json}, ... */
    public String name() {
        return file == null ? kind.code() : kind.code() + ":" + file;
    }

    /** Whether it reads standard input. */
    public boolean isStdin() {
        return "-".equals(file);
    }
}
