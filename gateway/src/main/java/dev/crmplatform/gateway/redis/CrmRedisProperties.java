package dev.crmplatform.gateway.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redis as used by the gateway (key cache, revocation pub/sub, rate-limit buckets). Short timeouts on purpose: a
 * slow Redis must not turn into slow requests, the callers fall back (DB lookup, fail-open) instead.
 */
@ConfigurationProperties("crm.redis")
public record CrmRedisProperties(
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("6379") int port,
        String password,
        @DefaultValue("200ms") Duration connectTimeout,
        @DefaultValue("500ms") Duration socketTimeout,
        @DefaultValue("128") int maxConnections) {
}
