package dev.crmplatform.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxRelayIdleWaitTest {

    private static OutboxProperties properties(Duration poll, Duration maxIdle) {
        return new OutboxProperties(true, poll, maxIdle, 5000, Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1L, null);
    }

    @Test
    void emptyPollsDoubleTheWaitUpToTheMaximum() {
        OutboxProperties properties = properties(Duration.ofMillis(100), Duration.ofSeconds(1));
        List<Long> waits = new ArrayList<>();
        long wait = 0;
        for (int i = 0; i < 7; i++) {
            wait = OutboxRelay.nextIdleWait(properties, wait);
            waits.add(wait);
        }
        assertThat(waits).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
    }

    @Test
    void aMaximumBelowThePollIntervalKeepsThePollInterval() {
        OutboxProperties properties = properties(Duration.ofMillis(100), Duration.ofMillis(10));
        assertThat(OutboxRelay.nextIdleWait(properties, 0)).isEqualTo(100);
        assertThat(OutboxRelay.nextIdleWait(properties, 100)).isEqualTo(100);
    }
}
