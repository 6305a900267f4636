package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.TestOidcIssuer;
import tools.jackson.databind.JsonNode;

/**
 * The actuator on the gateway's public port: health open for probes but without details, the rest for platform
 * admins only.
 */
class ActuatorSecurityIT extends GatewayITSupport {

    private static final List<String> ADMIN_ONLY = List.of("/actuator/prometheus", "/actuator/metrics",
            "/actuator/metrics/jvm.memory.used", "/actuator/info", "/actuator");

    @Test
    void healthAndItsProbesAreOpenWithoutDetails() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            JsonNode health = json(r);
            assertThat(health.path("status").asString()).as(path).isEqualTo("UP");
            assertThat(health.has("components")).as(r.body()).isFalse();
            assertThat(health.has("details")).as(r.body()).isFalse();
        }
    }

    @Test
    void everythingElseNeedsCredentials() {
        for (String path : ADMIN_ONLY) {
            assertProblem(send("GET", path, null), 401, "unauthorized");
        }
        assertProblem(send("GET", "/actuator/prometheus", null, "X-API-Key", "crm_live_nope"), 401, "unauthorized");
    }

    @Test
    void tenantsAndTheirAdminsGetNeitherTheEndpointsNorHealthDetails() {
        UUID tenant = createTenant("actuator");
        String tenantKey = "Bearer " + createKey(tenant, "customers:read", "admin:read", "admin:write").key();
        String tenantAdminUser = "Bearer " + TestOidcIssuer.get().user(tenant, "tina", List.of("ADMIN"));
        for (String auth : List.of(tenantKey, tenantAdminUser)) {
            for (String path : ADMIN_ONLY) {
                assertProblem(send("GET", path, null, "Authorization", auth), 403, "forbidden");
            }
            JsonNode health = json(send("GET", "/actuator/health", null, "Authorization", auth));
            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.has("components")).isFalse();
        }
    }

    @Test
    void platformAdminsGetEverything() {
        String platformAdminUser = "Bearer " + TestOidcIssuer.get().user(null, "ops", List.of("PLATFORM_ADMIN"));
        for (String auth : List.of("Bearer " + ADMIN_KEY, platformAdminUser)) {
            HttpResponse<String> prometheus = send("GET", "/actuator/prometheus", null, "Authorization", auth);
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body()).contains("resilience4j_circuitbreaker_state");
            assertThat(send("GET", "/actuator/metrics", null, "Authorization", auth).statusCode()).isEqualTo(200);
            JsonNode health = json(send("GET", "/actuator/health", null, "Authorization", auth));
            assertThat(health.path("components").path("circuitBreakers").path("details").has("customer-service"))
                    .isTrue();
            assertThat(health.path("components").has("db")).isTrue();
        }
    }
}
