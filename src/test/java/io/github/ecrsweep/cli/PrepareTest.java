package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TLS set-up starts early only for runs that will call AWS over TLS. */
class PrepareTest {

    @Test
    void startsForACommandThatCallsAwsOverTls() {
        assertThat(RegistryFactory.prepare(Map.of(), "list", "-r", "web")).isTrue();
        assertThat(RegistryFactory.prepare(Map.of(), "list", "--endpoint-url", "https://ecr.example"))
                .isTrue();
        assertThat(RegistryFactory.prepare(
                        Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
                        "list",
                        "--endpoint-url",
                        "https://ecr.example"))
                .isTrue();
    }

    @Test
    void skippedWhenNothingNeedsTls() {
        assertThat(RegistryFactory.prepare(Map.of(), "--version")).isFalse();
        assertThat(RegistryFactory.prepare(Map.of(), "list", "-r", "web", "-v")).isFalse();
        assertThat(RegistryFactory.prepare(Map.of(), "list", "-vv")).isFalse();
        assertThat(RegistryFactory.prepare(Map.of(), "list", "--verbose")).isFalse();
        assertThat(RegistryFactory.prepare(Map.of(), "list", "--snapshot", "s.json"))
                .isFalse();
        assertThat(RegistryFactory.prepare(Map.of(), "validate", "p.json")).isFalse();
        assertThat(RegistryFactory.prepare(Map.of(), "list", "--endpoint-url", "http://127.0.0.1:1"))
                .isFalse();
        assertThat(RegistryFactory.prepare(Map.of(), "list", "--endpoint-url=HTTP://127.0.0.1:1"))
                .isFalse();
        assertThat(RegistryFactory.prepare(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1"), "list"))
                .isFalse();
        assertThat(RegistryFactory.prepare(Map.of("AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:1"), "list"))
                .isFalse();
    }

    @Test
    void aPreparingThreadKeepsWhatItMeetsFromItsDefaultHandler() {
        for (Throwable thrown : new Throwable[] {
            new OutOfMemoryError("Java heap space"), new NoClassDefFoundError("gone"), new IllegalStateException("x")
        }) {
            Runnable work = RegistryFactory.quietly(() -> {
                if (thrown instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) thrown;
            });
            assertThatCode(work::run).as(thrown.toString()).doesNotThrowAnyException();
        }
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        RegistryFactory.quietly(() -> ran.set(true)).run();
        assertThat(ran).isTrue();
    }
}
