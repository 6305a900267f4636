package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.TestOidcIssuer;
import tools.jackson.databind.JsonNode;

/** Bad input to the admin API: a 400 problem naming the field, and nothing written. */
class AdminValidationIT extends GatewayITSupport {

    private static final String ADMIN = "Bearer " + ADMIN_KEY;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNullScopeIsRejectedAndNothingIsStored() {
        UUID tenant = createTenant("null-scope");
        for (String scopes : List.of("[null]", "[\"customers:read\",null]")) {
            HttpResponse<String> r = send("POST", "/api/v1/admin/api-keys", """
                    {"tenantId":"%s","name":"k","scopes":%s}""".formatted(tenant, scopes), "Authorization", ADMIN);
            assertProblem(r, 400, "validation-failed");
            assertThat(json(r).path("errors").get(0).path("field").asString()).isEqualTo("scopes");
        }
        // A tenant admin's request is checked against its own scopes: that check must not trip over the null.
        String tenantAdmin = "Bearer " + TestOidcIssuer.get().user(tenant, "tina", List.of("ADMIN"));
        assertProblem(send("POST", "/api/v1/admin/api-keys", "{\"name\":\"k\",\"scopes\":[null]}",
                "Authorization", tenantAdmin), 400, "validation-failed");
        assertThat(keysOf(tenant)).isZero();
    }

    @Test
    void aNullScopeStoredEarlierGrantsNothingInsteadOfFailingEveryRequest() {
        UUID tenant = createTenant("stored-null-scope");
        CreatedKey key = createKey(tenant, "customers:read");
        // What a key created before the validation looks like (scopes {customers:read,NULL}); not used yet, so
        // no cache holds the clean row.
        jdbc.sql("update api_keys set scopes = array_append(scopes, null) where id = :id").param("id", key.id())
                .update();

        assertThat(getWithKey("/api/v1/customers", key.key()).statusCode()).isEqualTo(200);
        assertProblem(send("POST", "/api/v1/customers", "{}", "Authorization", "Bearer " + key.key()), 403,
                "forbidden");
        HttpResponse<String> rotated = send("POST", "/api/v1/admin/api-keys/" + key.id() + "/rotate", null,
                "Authorization", ADMIN);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        assertThat(json(rotated).path("scopes").toString()).isEqualTo("[\"customers:read\"]");
    }

    @Test
    void blankNamesAreRejected() {
        for (String name : List.of("\"   \"", "\"\\t\\n\"", "\"a\\u0000b\"", "\"line\\nbreak\"")) {
            HttpResponse<String> tenant = send("POST", "/api/v1/admin/tenants", "{\"name\":" + name + "}",
                    "Authorization", ADMIN);
            assertProblem(tenant, 400, "validation-failed");
            assertThat(json(tenant).path("errors").get(0).path("field").asString()).isEqualTo("name");
        }
        UUID tenant = createTenant("blank-key-name");
        HttpResponse<String> key = send("POST", "/api/v1/admin/api-keys", """
                {"tenantId":"%s","name":"  ","scopes":["customers:read"]}""".formatted(tenant), "Authorization",
                ADMIN);
        assertProblem(key, 400, "validation-failed");
        assertThat(json(key).path("errors").get(0).path("field").asString()).isEqualTo("name");
        assertThat(keysOf(tenant)).isZero();
        // Surrounding blanks are still just trimmed.
        HttpResponse<String> padded = send("POST", "/api/v1/admin/tenants",
                "{\"name\":\"  padded " + UUID.randomUUID() + "  \"}", "Authorization", ADMIN);
        assertThat(padded.statusCode()).as(padded.body()).isEqualTo(201);
        assertThat(json(padded).path("name").asString()).startsWith("padded ").doesNotEndWith(" ");
    }

    @Test
    void wellFormedJsonWithAWrongValueIsInvalidValueNamingTheField() {
        UUID tenant = createTenant("invalid-values");
        assertInvalidValue(keyRequest("\"tenantId\":\"not-a-uuid\""), "tenantId", "UUID");
        assertInvalidValue(keyRequest("\"tenantId\":\"" + tenant + "\",\"environment\":\"prod\""), "environment",
                "[live, test]");
        assertInvalidValue(keyRequest("\"tenantId\":\"" + tenant + "\",\"expiresAt\":\"tomorrow\""), "expiresAt",
                "ISO-8601");
        assertInvalidValue(keyRequest("\"tenantId\":\"" + tenant + "\",\"rateLimitPerMinute\":99999999999"),
                "rateLimitPerMinute", "out of range");
        assertInvalidValue(keyRequest("\"tenantId\":\"" + tenant + "\",\"rateLimitPerDay\":{}"), "rateLimitPerDay",
                "integer");
        assertThat(keysOf(tenant)).isZero();
    }

    @Test
    void valuesOfAnotherJsonTypeAreNotConverted() {
        UUID tenant = createTenant("no-coercion");
        String tenantField = "\"tenantId\":\"" + tenant + "\",";
        assertInvalidValue(keyRequest(tenantField + "\"rateLimitPerMinute\":1.5"), "rateLimitPerMinute", "integer");
        assertInvalidValue(keyRequest(tenantField + "\"rateLimitPerMinute\":\"10\""), "rateLimitPerMinute", "integer");
        assertInvalidValue(keyRequest(tenantField + "\"rateLimitPerDay\":true"), "rateLimitPerDay", "integer");
        assertInvalidValue(send("POST", "/api/v1/admin/api-keys", """
                {"tenantId":"%s","name":42,"scopes":["customers:read"]}""".formatted(tenant), "Authorization", ADMIN),
                "name", "string");
        assertInvalidValue(send("POST", "/api/v1/admin/api-keys", """
                {"tenantId":"%s","name":"k","scopes":[true]}""".formatted(tenant), "Authorization", ADMIN),
                "scopes[0]", "string");
        assertThat(keysOf(tenant)).isZero();
        for (String name : List.of("195928739", "1.5", "true")) {
            assertInvalidValue(send("POST", "/api/v1/admin/tenants", "{\"name\":" + name + "}", "Authorization",
                    ADMIN), "name", "string");
        }
        HttpResponse<String> grace = send("POST", "/api/v1/admin/api-keys/" + createKey(tenant, "customers:read").id()
                + "/rotate", "{\"gracePeriodSeconds\":\"5\"}", "Authorization", ADMIN);
        assertInvalidValue(grace, "gracePeriodSeconds", "integer");
        // The declared types still read as before.
        HttpResponse<String> ok = keyRequest(tenantField
                + "\"rateLimitPerMinute\":10,\"expiresAt\":\"2099-01-01T00:00:00Z\"");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(json(ok).path("rateLimitPerMinute").asInt()).isEqualTo(10);
    }

    @Test
    void onlyBrokenJsonIsMalformedJson() {
        for (String body : List.of("{not json", "{\"name\":", "{\"name\": tru}", "{\"name\":\"x\",\"scopes\":[nul]}",
                "")) {
            assertProblem(send("POST", "/api/v1/admin/api-keys", body, "Authorization", ADMIN), 400, "malformed-json");
        }
    }

    @Test
    void notFoundHasTheServicesTitle() {
        HttpResponse<String> key = send("GET", "/api/v1/admin/api-keys/" + UUID.randomUUID(), null, "Authorization",
                ADMIN);
        assertProblem(key, 404, "not-found");
        assertThat(json(key).path("title").asString()).isEqualTo("Resource not found");
        HttpResponse<String> route = send("GET", "/nothing-here", null);
        assertProblem(route, 404, "not-found");
        assertThat(json(route).path("title").asString()).isEqualTo("Resource not found");
    }

    private HttpResponse<String> keyRequest(String fields) {
        return send("POST", "/api/v1/admin/api-keys", "{\"name\":\"k\",\"scopes\":[\"customers:read\"]," + fields + "}",
                "Authorization", ADMIN);
    }

    private static void assertInvalidValue(HttpResponse<String> r, String field, String message) {
        assertProblem(r, 400, "invalid-value");
        JsonNode error = json(r).path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo(field);
        assertThat(error.path("message").asString()).contains(message);
    }

    private int keysOf(UUID tenant) {
        JsonNode page = json(send("GET", "/api/v1/admin/api-keys?tenantId=" + tenant + "&includeRevoked=true", null,
                "Authorization", ADMIN));
        return page.path("items").size();
    }
}
