package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.TestOidcIssuer;
import tools.jackson.databind.JsonNode;

/** The admin API, including the canonical examples. */
class AdminApiIT extends GatewayITSupport {

    private static final String ADMIN = "Bearer " + ADMIN_KEY;

    @Test
    void canonicalExamples() {
        HttpResponse<String> tenant = send("POST", "/api/v1/admin/tenants", "{\"name\":\"Acme " + UUID.randomUUID() + "\"}",
                "Authorization", ADMIN);
        assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
        String tenantId = json(tenant).path("id").asString();
        assertThat(json(tenant).path("name").asString()).startsWith("Acme");
        assertThat(tenant.headers().firstValue("Location")).hasValue("/api/v1/admin/tenants/" + tenantId);

        HttpResponse<String> created = send("POST", "/api/v1/admin/api-keys", """
                {"tenantId":"%s","name":"erp-sync","scopes":["customers:read","customers:write"],
                 "rateLimitPerMinute":600}""".formatted(tenantId), "Authorization", ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = json(created);
        String secret = key.path("key").asString();
        assertThat(secret).startsWith("crm_live_");
        assertThat(key.path("prefix").asString()).isEqualTo(secret.substring(0, 13)).startsWith("crm_live_");
        assertThat(key.path("rateLimitPerMinute").asInt()).isEqualTo(600);
        String id = key.path("id").asString();

        HttpResponse<String> rotated = send("POST", "/api/v1/admin/api-keys/" + id + "/rotate", null,
                "Authorization", ADMIN);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        assertThat(json(rotated).path("key").asString()).startsWith("crm_live_").isNotEqualTo(secret);
        assertThat(json(rotated).path("id").asString()).isNotEqualTo(id);
        assertThat(json(rotated).path("rotatedFromId").asString()).isEqualTo(id);

        HttpResponse<String> revoked = send("DELETE", "/api/v1/admin/api-keys/" + id, null, "Authorization", ADMIN);
        assertThat(revoked.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                assertProblem(getWithKey("/api/v1/customers", secret), 401, "unauthorized"));
    }

    @Test
    void listNeverShowsSecretsAndPagesByCursor() {
        UUID tenant = createTenant("paging");
        for (int i = 0; i < 3; i++) {
            createKey(tenant, "customers:read");
        }
        HttpResponse<String> first = send("GET", "/api/v1/admin/api-keys?tenantId=" + tenant + "&limit=2", null,
                "Authorization", ADMIN);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("items")).hasSize(2);
        assertThat(first.body()).doesNotContain("\"key\"");
        String cursor = json(first).path("nextCursor").asString();
        HttpResponse<String> second = send("GET", "/api/v1/admin/api-keys?tenantId=" + tenant + "&limit=2&cursor="
                + cursor, null, "Authorization", ADMIN);
        assertThat(json(second).path("items")).hasSize(1);
        assertThat(json(second).path("nextCursor").isNull() || json(second).path("nextCursor").isMissingNode())
                .isTrue();
        JsonNode item = json(second).path("items").get(0);
        assertThat(item.path("status").asString()).isEqualTo("active");
        assertThat(item.path("createdBy").asString()).startsWith("api-key:");
    }

    @Test
    void rotationGraceKeepsTheOldKeyWorkingThenStopsIt() {
        UUID tenant = createTenant("rotation");
        CreatedKey old = createKey(tenant, "customers:read");
        HttpResponse<String> rotated = send("POST", "/api/v1/admin/api-keys/" + old.id() + "/rotate",
                "{\"gracePeriodSeconds\":2}", "Authorization", ADMIN);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        String newKey = json(rotated).path("key").asString();
        assertThat(getWithKey("/api/v1/customers", old.key()).statusCode()).isEqualTo(200);
        assertThat(getWithKey("/api/v1/customers", newKey).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertProblem(getWithKey("/api/v1/customers", old.key()), 401, "unauthorized"));
        assertThat(getWithKey("/api/v1/customers", newKey).statusCode()).isEqualTo(200);
        // Rotating a key that is no longer active is a conflict.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertProblem(
                send("POST", "/api/v1/admin/api-keys/" + old.id() + "/rotate", null, "Authorization", ADMIN),
                409, "conflict"));
    }

    @Test
    void tenantAdminsManageOnlyTheirOwnTenant() {
        UUID mine = createTenant("mine");
        UUID theirs = createTenant("theirs");
        CreatedKey theirKey = createKey(theirs, "customers:read");
        String tenantAdmin = "Bearer " + TestOidcIssuer.get().user(mine, "tina", List.of("ADMIN"));

        HttpResponse<String> own = send("POST", "/api/v1/admin/api-keys",
                "{\"name\":\"crm-sync\",\"scopes\":[\"customers:read\"]}", "Authorization", tenantAdmin);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        assertThat(json(own).path("tenantId").asString()).isEqualTo(mine.toString());

        // Another tenant's key: 404, never 403, whatever the operation.
        assertProblem(send("GET", "/api/v1/admin/api-keys/" + theirKey.id(), null, "Authorization", tenantAdmin),
                404, "not-found");
        assertProblem(send("DELETE", "/api/v1/admin/api-keys/" + theirKey.id(), null, "Authorization", tenantAdmin),
                404, "not-found");
        assertProblem(send("POST", "/api/v1/admin/api-keys/" + theirKey.id() + "/rotate", null,
                "Authorization", tenantAdmin), 404, "not-found");
        assertProblem(send("GET", "/api/v1/admin/api-keys?tenantId=" + theirs, null, "Authorization", tenantAdmin),
                404, "not-found");
        assertProblem(send("POST", "/api/v1/admin/api-keys", """
                {"tenantId":"%s","name":"x","scopes":["customers:read"]}""".formatted(theirs),
                "Authorization", tenantAdmin), 404, "not-found");
        assertThat(getWithKey("/api/v1/customers", theirKey.key()).statusCode()).isEqualTo(200);

        // Tenants are platform-admin only.
        assertProblem(send("POST", "/api/v1/admin/tenants", "{\"name\":\"nope\"}", "Authorization", tenantAdmin),
                403, "forbidden");
        assertProblem(send("GET", "/api/v1/admin/tenants", null, "Authorization", tenantAdmin), 403, "forbidden");
    }

    @Test
    void aKeyCannotBeGrantedMoreThanItsCreatorHas() {
        UUID tenant = createTenant("escalation");
        CreatedKey limitedAdmin = createKey(tenant, "admin:write", "admin:read", "customers:read");
        HttpResponse<String> r = send("POST", "/api/v1/admin/api-keys",
                "{\"name\":\"more\",\"scopes\":[\"customers:write\"]}", "Authorization", "Bearer " + limitedAdmin.key());
        assertProblem(r, 403, "forbidden");
        HttpResponse<String> ok = send("POST", "/api/v1/admin/api-keys",
                "{\"name\":\"same\",\"scopes\":[\"customers:read\"]}", "Authorization", "Bearer " + limitedAdmin.key());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);

        // nor by rotating a more powerful key of its tenant: the successor would carry that key's scopes
        CreatedKey salesKey = createKey(tenant, "sales:read", "sales:write");
        HttpResponse<String> rotated = send("POST", "/api/v1/admin/api-keys/" + salesKey.id() + "/rotate",
                "{\"gracePeriodSeconds\":0}", "Authorization", "Bearer " + limitedAdmin.key());
        assertProblem(rotated, 403, "forbidden");
        assertThat(json(rotated).path("missingScopes").toString()).isEqualTo("[\"sales:read\",\"sales:write\"]");
        HttpResponse<String> unchanged = send("GET", "/api/v1/admin/api-keys/" + salesKey.id(), null,
                "Authorization", "Bearer " + ADMIN_KEY);
        assertThat(json(unchanged).path("status").asString()).isEqualTo("active");
        assertThat(json(unchanged).path("expiresAt").isString()).as("no expiry set").isFalse();
    }

    @Test
    void nonAdminsAreForbidden() {
        UUID tenant = createTenant("plain");
        CreatedKey key = createKey(tenant, "customers:read");
        assertProblem(send("GET", "/api/v1/admin/api-keys", null, "Authorization", "Bearer " + key.key()), 403,
                "forbidden");
        assertProblem(send("GET", "/api/v1/admin/tenants", null, "Authorization", "Bearer " + key.key()), 403,
                "forbidden");
    }

    @Test
    void invalidRequestsAreProblems() {
        HttpResponse<String> noName = send("POST", "/api/v1/admin/tenants", "{}", "Authorization", ADMIN);
        assertProblem(noName, 400, "validation-failed");
        assertThat(json(noName).path("errors").get(0).path("field").asString()).isEqualTo("name");

        UUID tenant = createTenant("invalid");
        assertProblem(send("POST", "/api/v1/admin/api-keys", """
                {"tenantId":"%s","name":"x","scopes":["everything:write"]}""".formatted(tenant),
                "Authorization", ADMIN), 400, "validation-failed");
        assertProblem(send("POST", "/api/v1/admin/api-keys", "{not json", "Authorization", ADMIN), 400,
                "malformed-json");
        assertProblem(send("POST", "/api/v1/admin/api-keys", """
                {"name":"x","scopes":["customers:read"]}""", "Authorization", ADMIN), 400, "missing-parameter");
        assertProblem(send("POST", "/api/v1/admin/api-keys", """
                {"tenantId":"%s","name":"x","scopes":["customers:read"]}""".formatted(UUID.randomUUID()),
                "Authorization", ADMIN), 404, "not-found");
        assertProblem(send("GET", "/api/v1/admin/api-keys/not-a-uuid", null, "Authorization", ADMIN), 400,
                "validation-failed");
        assertProblem(send("GET", "/api/v1/admin/tenants?limit=500", null, "Authorization", ADMIN), 400,
                "validation-failed");
        assertProblem(send("GET", "/api/v1/admin/tenants?cursor=!!!!", null, "Authorization", ADMIN), 400,
                "invalid-cursor");
        String duplicate = "{\"name\":\"dup-" + UUID.randomUUID() + "\"}";
        assertThat(send("POST", "/api/v1/admin/tenants", duplicate, "Authorization", ADMIN).statusCode())
                .isEqualTo(201);
        assertProblem(send("POST", "/api/v1/admin/tenants", duplicate, "Authorization", ADMIN), 409, "duplicate");
    }
}
