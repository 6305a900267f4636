package dev.crmplatform.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.outbox.*}.
 *
 * @param relayEnabled       run the relay in this instance (the writer works regardless)
 * @param pollInterval       idle wait between polls; commits that appended events wake the relay at once
 * @param batchSize          events published per relay transaction
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
        @DefaultValue("500") int batchSize,
        @DefaultValue("500ms") Duration failureBackoff,
        @DefaultValue("10s") Duration maxFailureBackoff,
        @DefaultValue("5s") Duration lagRefreshInterval,
        @DefaultValue("7308604720519640436") long lockKey,
        String source) {
}
