package dev.crmplatform.platform.webtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.crmplatform.platform.test.TestJwtIssuer;
import dev.crmplatform.platform.test.TestJwtIssuer.TokenSpec;

class SecurityIT extends WebIntegrationTestSupport {

    private final UUID tenant = UUID.randomUUID();

    private HttpResponse<String> getWith(String path, String token) {
        return send(request(path, null).header("Authorization", "Bearer " + token).GET());
    }

    @Test
    void noTokenIs401Problem() {
        HttpResponse<String> response = get("/api/widgets", null);
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Bearer"));
    }

    @Test
    void garbageTokenIs401() {
        assertProblem(getWith("/api/widgets", "not.a.jwt"), 401, "unauthorized");
    }

    @Test
    void wrongIssuerAudienceOrExpiryIs401() {
        TokenSpec base = TokenSpec.user(tenant, "alice", READ_WRITE);
        assertProblem(getWith("/api/widgets", TestJwtIssuer.token(base.withIssuer("evil"))), 401, "unauthorized");
        assertProblem(getWith("/api/widgets", TestJwtIssuer.token(base.withAudience("other"))), 401,
                "unauthorized");
        assertProblem(getWith("/api/widgets", TestJwtIssuer.token(base.withLifetime(Duration.ofMinutes(-5)))), 401,
                "unauthorized");
        assertThat(getWith("/api/widgets", TestJwtIssuer.token(base)).statusCode()).isEqualTo(200);
    }

    @Test
    void missingScopeIs403Problem() {
        String readOnly = token(tenant, Set.of("widgets:read"));
        assertThat(getWith("/api/widgets", readOnly).statusCode()).isEqualTo(200);
        HttpResponse<String> write = send(request("/api/widgets", null).header("Authorization", "Bearer " + readOnly)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(createBody("x"))));
        assertProblem(write, 403, "forbidden");

        String otherArea = token(tenant, Set.of("customers:read"));
        assertProblem(getWith("/api/widgets", otherArea), 403, "forbidden");
    }

    @Test
    void serviceRulesApplyBeforeTheDefaults() {
        assertProblem(getWith("/api/widgets/admin/ping", token(tenant, READ_WRITE)), 403, "forbidden");
        HttpResponse<String> admin = getWith("/api/widgets/admin/ping", token(tenant, Set.of("widgets:admin")));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("pong");
    }

    @Test
    void currentActorComesFromTheToken() {
        HttpResponse<String> response = getWith("/api/widgets/actor",
                TestJwtIssuer.token(tenant, "alice", Set.of("widgets:read", "extra:thing")));
        assertThat(response.body()).isEqualTo("alice extra:thing,widgets:read");
    }

    @Test
    void actuatorHealthInfoAndPrometheusAreOpen() {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info", null).statusCode()).isEqualTo(200);
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        // Anything else under actuator is neither exposed nor open.
        assertThat(get("/actuator/env", null).statusCode()).isEqualTo(401);
    }
}
