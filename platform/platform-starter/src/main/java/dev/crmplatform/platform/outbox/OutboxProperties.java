package dev.crmplatform.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.outbox.*}.
 *
 * @param relayEnabled       run the relay in this instance (the writer works regardless)
 * @param pollInterval       wait before polling again after a cycle that found fewer than {@code batchSize} events;
 *                           commits on this instance that appended events wake the relay at once
 * @param maxIdleInterval    longest wait between polls of an empty outbox: each empty poll doubles the wait, from
 *                           {@code pollInterval} up to this. An empty poll is not always cheap: while a long
 *                           transaction runs anywhere in the database, the rows the relay deleted since it began stay
 *                           in the index and every poll walks them (~17 ms per poll during a large import)
 * @param batchSize          events published per relay transaction; each cycle walks the deleted rows above, so
 *                           fewer, larger cycles cost less
 * @param failureBackoff     first wait after a failed cycle (Kafka or database down), doubled up to
 *                           {@code maxFailureBackoff}
 * @param maxFailureBackoff  largest wait after failed cycles
 * @param lagRefreshInterval how often the {@code crm.outbox.pending}/{@code crm.outbox.lag} gauges are recomputed
 * @param lockKey            PostgreSQL advisory lock key that elects the one active relay per database
 * @param source             CloudEvents {@code source}; defaults to {@code spring.application.name}
 */
@ConfigurationProperties("crm.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("1s") Duration maxIdleInterval,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("500ms") Duration failureBackoff,
        @DefaultValue("10s") Duration maxFailureBackoff,
        @DefaultValue("5s") Duration lagRefreshInterval,
        @DefaultValue("7308604720519640436") long lockKey,
        String source) {
}
