package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.crmplatform.gateway.apikey.ApiKeyService;
import dev.crmplatform.gateway.security.GatewayPrincipal;
import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.StubBackend;
import dev.crmplatform.gateway.tenant.TenantService;

/**
 * With crm.gateway.rate-limit.fail-mode=closed, an unreachable Redis means 503 instead of unlimited traffic (for
 * the admin API too, so the fixtures are created through the services directly).
 */
class RedisDownFailClosedIT extends GatewayITSupport {

    @DynamicPropertySource
    static void redisDownFailClosed(DynamicPropertyRegistry registry) {
        int port = StubBackend.closedPort();
        registry.add("crm.redis.port", () -> port);
        registry.add("crm.gateway.rate-limit.fail-mode", () -> "closed");
        registry.add("spring.application.name", () -> "gateway-fail-closed");
    }

    @Autowired
    TenantService tenants;

    @Autowired
    ApiKeyService keys;

    @Test
    void requestsAreRefusedWith503() {
        GatewayPrincipal platformAdmin = new GatewayPrincipal("test-admin", null, Set.of(), Set.of("admin:write"),
                GatewayPrincipal.PrincipalType.API_KEY, UUID.randomUUID(), true, null, null);
        UUID tenant = tenants.create(platformAdmin, "closed-" + UUID.randomUUID()).id();
        String key = keys.create(platformAdmin, new ApiKeyService.CreateCommand(tenant, "k", Set.of("customers:read"),
                "live", Instant.now().plusSeconds(600), null, null)).secret();
        var r = getWithKey("/api/v1/customers", key);
        assertProblem(r, 503, "service-unavailable");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(List.of(r.headers().firstValue("RateLimit-Policy").orElseThrow())).isNotEmpty();
    }
}
