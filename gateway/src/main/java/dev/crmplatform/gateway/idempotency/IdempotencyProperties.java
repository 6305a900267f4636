package dev.crmplatform.gateway.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.gateway.idempotency.*}: the admin API's Idempotency-Key handling. Same defaults as the platform's
 * {@code crm.web.idempotency.*}.
 *
 * @param enabled         whether admin POSTs with an {@code Idempotency-Key} header are deduplicated
 * @param ttl             how long a key and its response are kept (the contract promises at least 24 h)
 * @param inFlightTimeout after this long an unfinished key (e.g. its instance crashed) may be taken over
 * @param purgeInterval   how often expired keys are deleted
 */
@ConfigurationProperties("crm.gateway.idempotency")
public record IdempotencyProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("25h") Duration ttl,
        @DefaultValue("5m") Duration inFlightTimeout,
        @DefaultValue("1h") Duration purgeInterval) {
}
