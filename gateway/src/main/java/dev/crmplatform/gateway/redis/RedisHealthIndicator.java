package dev.crmplatform.gateway.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import redis.clients.jedis.RedisClient;

/**
 * Redis reachability for /actuator/health. Not part of the readiness group: with the default fail-open mode the
 * gateway keeps serving without Redis (keys from PostgreSQL, no rate limit), so an outage must not take it out of
 * the load balancer.
 */
@Component("redis")
public class RedisHealthIndicator implements HealthIndicator {

    private final RedisClient redis;

    public RedisHealthIndicator(RedisClient redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        try {
            return Health.up().withDetail("ping", redis.ping()).build();
        }
        catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
