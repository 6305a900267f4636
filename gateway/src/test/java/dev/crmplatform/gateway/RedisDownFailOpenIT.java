package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.StubBackend;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Redis unreachable (nothing listens on the configured port): API keys are still checked against PostgreSQL, and
 * the rate limiter fails open by default, counting each such request in crm.gateway.ratelimit.unavailable.
 */
class RedisDownFailOpenIT extends GatewayITSupport {

    @DynamicPropertySource
    static void redisDown(DynamicPropertyRegistry registry) {
        int port = StubBackend.closedPort();
        registry.add("crm.redis.port", () -> port);
        registry.add("spring.application.name", () -> "gateway-redis-down");
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void requestsPassAndTheOutageIsCounted() {
        UUID tenant = createTenant("no-redis");
        CreatedKey key = createKey(tenant, "customers:read");
        double before = meters.get("crm.gateway.ratelimit.unavailable").counter().count();

        HttpResponse<String> r = getWithKey("/api/v1/customers", key.key());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("RateLimit")).isEmpty();
        assertThat(meters.get("crm.gateway.ratelimit.unavailable").tag("fail_mode", "open").counter().count())
                .isGreaterThan(before);

        // Revocation still works: it is a database fact, and lookups fall back to the database.
        send("DELETE", "/api/v1/admin/api-keys/" + key.id(), null, "Authorization", "Bearer " + ADMIN_KEY);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(1)).untilAsserted(() ->
                assertProblem(getWithKey("/api/v1/customers", key.key()), 401, "unauthorized"));
    }
}
