package io.github.ecrsweep.registry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What SNS accepts: a message past its 256 KiB is cut, in whole characters, and says so. */
class NotificationsTest {

    @Test
    void aMessageWithinTheLimitIsSentWholeAndOnePastItIsCutAndSaysWhere() {
        assertThat(Notifications.bounded("short", Notifications.MESSAGE)).isEqualTo("short");

        String big = "é".repeat(200_000); // 400,000 bytes of UTF-8
        String cut = Notifications.bounded(big, Notifications.MESSAGE);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Notifications.MESSAGE);
        assertThat(cut).endsWith("(cut at 256 KiB: the whole report is in the run's output or --report file)\n");
        assertThat(cut).doesNotContain("\uFFFD");
    }
}
