package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.crmplatform.gateway.apikey.ApiKeySecrets;
import dev.crmplatform.gateway.support.GatewayITSupport;
import tools.jackson.databind.JsonNode;

class ApiKeyAuthenticationIT extends GatewayITSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void noCredentialsIs401Problem() {
        HttpResponse<String> r = send("GET", "/api/v1/customers", null);
        assertProblem(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(CUSTOMERS.requests()).isNotNegative();
    }

    @Test
    void unknownAndMalformedKeysAre401() {
        assertProblem(getWithKey("/api/v1/customers", ApiKeySecrets.generate("live").key()), 401, "unauthorized");
        assertProblem(getWithKey("/api/v1/customers", "crm_live_short"), 401, "unauthorized");
        assertProblem(send("GET", "/api/v1/customers", null, "X-API-Key", "nonsense"), 401, "unauthorized");
        assertProblem(send("GET", "/api/v1/customers", null, "Authorization", "Basic dXNlcjpwYXNz"), 401,
                "unauthorized");
    }

    @Test
    void validKeyIsRoutedWithItsTenantViaBearerOrHeader() {
        UUID tenant = createTenant("acme");
        CreatedKey key = createKey(tenant, "customers:read");
        assertThat(key.key()).startsWith("crm_live_").hasSize(9 + 43);

        HttpResponse<String> viaBearer = getWithKey("/api/v1/customers/123?x=1", key.key());
        assertThat(viaBearer.statusCode()).as(viaBearer.body()).isEqualTo(200);
        JsonNode echo = json(viaBearer);
        assertThat(echo.path("path").asString()).isEqualTo("/api/v1/customers/123");
        assertThat(echo.path("query").asString()).isEqualTo("x=1");

        HttpResponse<String> viaHeader = send("GET", "/api/v1/customers", null, "X-API-Key", key.key());
        assertThat(viaHeader.statusCode()).isEqualTo(200);
    }

    @Test
    void keyIsStoredOnlyAsSha256Hash() {
        UUID tenant = createTenant("hash");
        CreatedKey key = createKey(tenant, "customers:read");
        Map<String, Object> row = jdbc.sql("select * from api_keys where id = :id").param("id", key.id())
                .query().singleRow();
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(key.key().substring(9)));
        assertThat((byte[]) row.get("key_hash")).isEqualTo(ApiKeySecrets.sha256(key.key()));
        assertThat(row.get("prefix")).isEqualTo(key.key().substring(0, 13));
    }

    @Test
    void expiredKeyIs401() {
        UUID tenant = createTenant("expiring");
        CreatedKey key = createKey(tenant, List.of("customers:read"),
                Map.of("expiresAt", Instant.now().plusSeconds(2).toString()));
        assertThat(getWithKey("/api/v1/customers", key.key()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> r = getWithKey("/api/v1/customers", key.key());
            assertProblem(r, 401, "unauthorized");
            assertThat(json(r).path("detail").asString()).contains("expired");
        });
    }

    @Test
    void testKeysHaveTheirOwnPrefix() {
        UUID tenant = createTenant("sandbox");
        CreatedKey key = createKey(tenant, List.of("customers:read"), Map.of("environment", "test"));
        assertThat(key.key()).startsWith("crm_test_");
        assertThat(getWithKey("/api/v1/customers", key.key()).statusCode()).isEqualTo(200);
    }

    @Test
    void lastUsedAtIsRecordedWithoutPerRequestWrites() {
        UUID tenant = createTenant("lastused");
        CreatedKey key = createKey(tenant, "customers:read");
        assertThat(getWithKey("/api/v1/customers", key.key()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> r = send("GET", "/api/v1/admin/api-keys/" + key.id(), null,
                    "Authorization", "Bearer " + ADMIN_KEY);
            assertThat(json(r).path("lastUsedAt").asString()).isNotBlank();
        });
    }

    @Test
    void missingScopeIs403BeforeProxying() {
        UUID tenant = createTenant("readonly");
        CreatedKey key = createKey(tenant, "customers:read");
        int before = CUSTOMERS.requests();
        HttpResponse<String> r = send("POST", "/api/v1/customers", "{}", "Authorization", "Bearer " + key.key());
        assertProblem(r, 403, "forbidden");
        assertThat(json(r).path("requiredScope").asString()).isEqualTo("customers:write");
        HttpResponse<String> otherArea = getWithKey("/api/v1/tickets", key.key());
        assertProblem(otherArea, 403, "forbidden");
        assertThat(CUSTOMERS.requests()).isEqualTo(before);
    }
}
