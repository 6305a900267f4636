package dev.crmplatform.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

class OutboxRelayIdleWaitTest {

    private static List<Long> waits(Duration first, Duration max, int count) {
        BackOffExecution execution = OutboxRelay.doubling(first, max).start();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waits.add(execution.nextBackOff());
        }
        return waits;
    }

    @Test
    void emptyPollsDoubleTheWaitUpToTheMaximumWithoutEnd() {
        assertThat(waits(Duration.ofMillis(100), Duration.ofSeconds(1), 8))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 1000L);
        // an idle relay polls for as long as it runs: the waits never turn into BackOffExecution.STOP
        assertThat(waits(Duration.ofMillis(100), Duration.ofSeconds(1), 100_000)).doesNotContain(BackOffExecution.STOP);
    }

    @Test
    void aMaximumBelowTheFirstWaitKeepsTheFirstWait() {
        assertThat(waits(Duration.ofMillis(100), Duration.ofMillis(10), 3)).containsExactly(100L, 100L, 100L);
    }
}
