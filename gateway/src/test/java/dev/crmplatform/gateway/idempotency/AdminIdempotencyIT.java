package dev.crmplatform.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.TestOidcIssuer;
import dev.crmplatform.idempotency.IdempotencyStore;
import tools.jackson.databind.JsonNode;

/** Idempotency-Key on the gateway's admin POSTs, in the shared gateway context (real PostgreSQL). */
class AdminIdempotencyIT extends GatewayITSupport {

    private static final String ADMIN = "Bearer " + ADMIN_KEY;
    private static final String TENANTS = "/api/v1/admin/tenants";
    private static final String API_KEYS = "/api/v1/admin/api-keys";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdempotencyStore store;

    private HttpResponse<String> post(String path, String body, String key) {
        return send("POST", path, body, "Authorization", ADMIN, "Idempotency-Key", key);
    }

    private static String tenantBody(String name) {
        return JSON.writeValueAsString(Map.of("name", name));
    }

    private static String keyBody(UUID tenant, String name) {
        return JSON.writeValueAsString(Map.of("tenantId", tenant.toString(), "name", name,
                "scopes", List.of("customers:read")));
    }

    private int tenantsNamed(String name) {
        return jdbc.sql("select count(*) from tenants where name = :name").param("name", name).query(Integer.class)
                .single();
    }

    private int keysOf(UUID tenant) {
        return jdbc.sql("select count(*) from api_keys where tenant_id = :tenant").param("tenant", tenant)
                .query(Integer.class).single();
    }

    @Test
    void replayReturnsTheOriginal201AndLocationWithoutCreatingASecondTenant() {
        String name = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(TENANTS, tenantBody(name), key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();

        HttpResponse<String> replay = post(TENANTS, tenantBody(name), key);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Location")).isPresent()
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(replay.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        // This request's own edge headers, not the first one's.
        assertThat(replay.headers().firstValue("X-Request-Id")).isPresent()
                .isNotEqualTo(first.headers().firstValue("X-Request-Id"));
        assertThat(replay.headers().allValues("Location")).hasSize(1);
        assertThat(tenantsNamed(name)).isEqualTo(1);
    }

    @Test
    void sameKeyWithADifferentBodyIs422() {
        String key = UUID.randomUUID().toString();
        String other = "idem-other-" + UUID.randomUUID();
        assertThat(post(TENANTS, tenantBody("idem-" + UUID.randomUUID()), key).statusCode()).isEqualTo(201);
        assertProblem(post(TENANTS, tenantBody(other), key), 422, "idempotency-key-reused");
        assertThat(tenantsNamed(other)).isZero();
        // Same body on another path is a different request too.
        assertProblem(post(API_KEYS, tenantBody(other), key), 422, "idempotency-key-reused");
    }

    @Test
    void withoutAKeyNothingIsDeduplicated() {
        String name = "idem-" + UUID.randomUUID();
        HttpResponse<String> first = send("POST", TENANTS, tenantBody(name), "Authorization", ADMIN);
        assertThat(first.statusCode()).isEqualTo(201);
        HttpResponse<String> second = send("POST", TENANTS, tenantBody(name), "Authorization", ADMIN);
        assertProblem(second, 409, "duplicate");
        assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();

        UUID tenant = UUID.fromString(json(first).path("id").asString());
        send("POST", API_KEYS, keyBody(tenant, "a"), "Authorization", ADMIN);
        send("POST", API_KEYS, keyBody(tenant, "a"), "Authorization", ADMIN);
        assertThat(keysOf(tenant)).isEqualTo(2);
    }

    @Test
    void aRetryWhileTheFirstIsInFlightIs409AndAnAbandonedClaimIsTakenOver() {
        String name = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertThat(post(TENANTS, tenantBody(name), key).statusCode()).isEqualTo(201);
        // Put the record back into the state it has while the first request runs.
        jdbc.sql("""
                update idempotency_keys set state = 'IN_FLIGHT', locked_until = now() + interval '1 minute'
                 where idem_key = :key""").param("key", key).update();

        HttpResponse<String> retry = post(TENANTS, tenantBody(name), key);
        assertProblem(retry, 409, "idempotency-key-in-flight");
        assertThat(retry.headers().firstValue("Retry-After")).hasValue("1");

        // The first claimant died: after the lock timeout another request takes the key over and runs again.
        jdbc.sql("update idempotency_keys set locked_until = now() - interval '1 second' where idem_key = :key")
                .param("key", key).update();
        assertProblem(post(TENANTS, tenantBody(name), key), 409, "duplicate");
        assertThat(tenantsNamed(name)).isEqualTo(1);
    }

    @Test
    void concurrentDuplicatesCreateOneKeyAndGet409OrTheOriginal() throws Exception {
        UUID tenant = createTenant("idem-race");
        String key = UUID.randomUUID().toString();
        String body = keyBody(tenant, "race");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> post(API_KEYS, body, key)));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            responses.add(call.get(30, TimeUnit.SECONDS));
        }
        assertThat(responses.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
        for (HttpResponse<String> r : responses) {
            if (r.statusCode() != 201) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                assertThat(json(r).path("type").asString()).isIn(
                        "https://crmplatform.dev/problems/idempotency-key-in-flight",
                        "https://crmplatform.dev/problems/idempotency-key-secret-not-replayable");
            }
        }
        assertThat(keysOf(tenant)).isEqualTo(1);
    }

    @Test
    void anApiKeySecretIsNeverStoredAndItsReplayIs409WithTheKeysLocation() {
        UUID tenant = createTenant("idem-secret");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(API_KEYS, keyBody(tenant, "erp"), key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String secret = json(first).path("key").asString();
        String location = first.headers().firstValue("Location").orElseThrow();
        assertThat(secret).startsWith("crm_live_");

        HttpResponse<String> replay = post(API_KEYS, keyBody(tenant, "erp"), key);
        assertProblem(replay, 409, "idempotency-key-secret-not-replayable");
        assertThat(json(replay).path("location").asString()).isEqualTo(location);
        assertThat(json(replay).path("detail").asString()).contains(location).contains("rotate or revoke");
        assertThat(replay.body()).doesNotContain(secret);
        assertThat(keysOf(tenant)).isEqualTo(1);
        assertSecretNotStored(key, secret);

        // Rotation returns a secret too: same rules.
        String rotateKey = UUID.randomUUID().toString();
        String rotatePath = location + "/rotate";
        HttpResponse<String> rotated = post(rotatePath, null, rotateKey);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        String newSecret = json(rotated).path("key").asString();
        HttpResponse<String> rotateReplay = post(rotatePath, null, rotateKey);
        assertProblem(rotateReplay, 409, "idempotency-key-secret-not-replayable");
        assertThat(json(rotateReplay).path("location").asString())
                .isEqualTo(rotated.headers().firstValue("Location").orElseThrow());
        assertThat(keysOf(tenant)).isEqualTo(2);
        assertSecretNotStored(rotateKey, newSecret);
    }

    private void assertSecretNotStored(String key, String secret) {
        Map<String, Object> row = jdbc.sql("""
                select state, secret_withheld, response_body is null as no_body, response_status,
                       coalesce(response_headers::text, '') as headers
                  from idempotency_keys where idem_key = :key""").param("key", key).query().singleRow();
        assertThat(row).containsEntry("state", "COMPLETED").containsEntry("secret_withheld", true)
                .containsEntry("no_body", true).containsEntry("response_status", 201);
        assertThat((String) row.get("headers")).doesNotContain(secret);
        assertThat(jdbc.sql("select count(*) from idempotency_keys where position(convert_to(:secret, 'UTF8') in "
                + "coalesce(response_body, ''::bytea)) > 0").param("secret", secret).query(Integer.class).single())
                .isZero();
    }

    @Test
    void clientErrorsAreReplayedToo() {
        String key = UUID.randomUUID().toString();
        String invalid = "{\"name\":\"x\",\"scopes\":[]}";
        HttpResponse<String> first = post(API_KEYS, invalid, key);
        assertProblem(first, 400, "validation-failed");
        HttpResponse<String> replay = post(API_KEYS, invalid, key);
        assertProblem(replay, 400, "validation-failed");
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(replay.body()).isEqualTo(first.body());
    }

    @Test
    void keysAreScopedPerCaller() {
        UUID tenant = createTenant("idem-scope");
        String key = UUID.randomUUID().toString();
        String body = keyBody(tenant, "shared-key");
        assertThat(post(API_KEYS, body, key).statusCode()).isEqualTo(201);
        // A tenant admin using the same Idempotency-Key for the same body is another caller: processed, no 422.
        String tenantAdmin = "Bearer " + TestOidcIssuer.get().user(tenant, "idem-admin", List.of("ADMIN"));
        HttpResponse<String> other = send("POST", API_KEYS, body, "Authorization", tenantAdmin,
                "Idempotency-Key", key);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
        assertThat(keysOf(tenant)).isEqualTo(2);
        assertThat(jdbc.sql("select tenant_id, principal from idempotency_keys where idem_key = :key order by principal")
                .param("key", key).query().listOfRows()).extracting(r -> r.get("principal").toString())
                .satisfiesExactly(p -> assertThat(p).startsWith("api_key api-key:"),
                        p -> assertThat(p).isEqualTo("user idem-admin"));
    }

    @Test
    void anInvalidKeyIs400() {
        assertProblem(post(TENANTS, tenantBody("idem-" + UUID.randomUUID()), "k".repeat(300)), 400,
                "validation-failed");
        assertProblem(post(TENANTS, tenantBody("idem-" + UUID.randomUUID()), "   "), 400, "validation-failed");
    }

    @Test
    void expiredKeysAreForgottenAndPurged() {
        String name = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertThat(post(TENANTS, tenantBody(name), key).statusCode()).isEqualTo(201);
        assertThat(jdbc.sql("select expires_at > now() + interval '24 hours' from idempotency_keys "
                + "where idem_key = :key").param("key", key).query(Boolean.class).single()).isTrue();
        jdbc.sql("update idempotency_keys set expires_at = now() - interval '1 second' where idem_key = :key")
                .param("key", key).update();
        // Expired: processed again (and the name is taken now).
        assertProblem(post(TENANTS, tenantBody(name), key), 409, "duplicate");

        jdbc.sql("update idempotency_keys set expires_at = now() - interval '1 second' where idem_key = :key")
                .param("key", key).update();
        assertThat(store.purgeExpired()).isPositive();
        assertThat(jdbc.sql("select count(*) from idempotency_keys where idem_key = :key").param("key", key)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void proxiedRequestsAreLeftToTheServices() {
        UUID tenant = createTenant("idem-proxy");
        CreatedKey partner = createKey(tenant, "customers:write");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> proxied = send("POST", "/api/v1/customers", "{}", "X-API-Key", partner.key(),
                "Idempotency-Key", key);
        assertThat(proxied.statusCode()).as(proxied.body()).isEqualTo(200);
        JsonNode echo = json(proxied);
        assertThat(echo.path("headers").path("idempotency-key").asString()).isEqualTo(key);
        assertThat(jdbc.sql("select count(*) from idempotency_keys where idem_key = :key").param("key", key)
                .query(Integer.class).single()).isZero();
    }
}
