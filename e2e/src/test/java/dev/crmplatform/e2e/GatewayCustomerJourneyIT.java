package dev.crmplatform.e2e;

import static dev.crmplatform.e2e.PlatformApi.CUSTOMER_SCOPES;
import static dev.crmplatform.e2e.PlatformApi.admin;
import static dev.crmplatform.e2e.PlatformApi.apiKey;
import static dev.crmplatform.e2e.PlatformApi.createKey;
import static dev.crmplatform.e2e.PlatformApi.key;
import static dev.crmplatform.e2e.PlatformApi.tenant;
import static dev.crmplatform.e2e.PlatformApi.tenantOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Partners and users through the real gateway against the real customer-service: tenants and scoped API keys from
 * the admin API, tenant isolation, scope denial, rate limiting, revocation, dev-issuer sign-in, and a stopped
 * service answering 503 promptly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayCustomerJourneyIT {

    static final String ALICE = """
            {"type":"PERSON","firstName":"Alice","lastName":"Smith",
             "emails":[{"address":"Alice.Smith@Example.com","primary":true}],
             "phones":[{"number":"+1 415 555 0100","type":"MOBILE"}],
             "lifecycleStage":"LEAD","tags":["vip"],"creditLimit":{"amount":"5000.00","currency":"EUR"}}""";

    static RunningPlatform platform;

    @BeforeAll
    static void start() {
        platform = RunningPlatform.get();
    }

    @Test
    @Order(1)
    void aPartnerKeyWorksWithinItsTenantAndAnotherTenantGets404() {
        String keyA = apiKey(tenant("e2e-a"), CUSTOMER_SCOPES, 600);
        String keyB = apiKey(tenant("e2e-b"), CUSTOMER_SCOPES, 600);

        Http.Response created = Http.post(platform.gateway + "/api/v1/customers", ALICE, key(keyA));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().at("/emails/0/address").asString()).isEqualTo("alice.smith@example.com");
        assertThat(created.json().at("/phones/0/number").asString()).isEqualTo("+14155550100");
        assertThat(created.header("X-Request-Id")).isNotBlank();
        assertThat(created.header("RateLimit")).isNotBlank();

        Http.Response read = Http.get(platform.gateway + "/api/v1/customers/" + id, key(keyA));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");

        Http.Response otherTenant = Http.get(platform.gateway + "/api/v1/customers/" + id, key(keyB));
        assertThat(otherTenant.status()).isEqualTo(404);
        assertThat(otherTenant.problemType()).isEqualTo("https://crmplatform.dev/problems/not-found");
        assertThat(Http.get(platform.gateway + "/api/v1/customers?q=alice", key(keyB)).json().get("items")).isEmpty();
        assertThat(Http.get(platform.gateway + "/api/v1/customers?q=alice", key(keyA)).json().at("/items/0/id")
                .asString()).isEqualTo(id);

        // an internal identity header sent by the client is stripped: B stays B
        Http.Response spoofed = Http.get(platform.gateway + "/api/v1/customers/" + id,
                Map.of("X-API-Key", keyB, "X-Tenant-Id", tenantOf(keyA)));
        assertThat(spoofed.status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aMissingScopeIsDeniedAtTheGateway() {
        String readOnly = apiKey(tenant("e2e-readonly"), List.of("customers:read"), 600);
        Http.Response denied = Http.post(platform.gateway + "/api/v1/customers", ALICE, key(readOnly));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.problemType()).isEqualTo("https://crmplatform.dev/problems/forbidden");
        assertThat(Http.get(platform.gateway + "/api/v1/customers", key(readOnly)).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void theKeysRateLimitIsEnforcedWithRetryAfter() {
        String limited = apiKey(tenant("e2e-limited"), CUSTOMER_SCOPES, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(platform.gateway + "/api/v1/customers", key(limited)).status()).isEqualTo(200);
        }
        Http.Response throttled = Http.get(platform.gateway + "/api/v1/customers", key(limited));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotBlank();
        assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    @Order(4)
    void aRevokedKeyStopsWorkingWithinASecond() {
        String tenant = tenant("e2e-revoke");
        Http.Response created = createKey(tenant, CUSTOMER_SCOPES, 600);
        String secret = created.json().get("key").asString();
        assertThat(Http.get(platform.gateway + "/api/v1/customers", key(secret)).status()).isEqualTo(200);

        Http.Response revoked = Http.send("DELETE", platform.gateway + "/api/v1/admin/api-keys/"
                + created.json().get("id").asString(), null, admin());
        assertThat(revoked.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                Http.get(platform.gateway + "/api/v1/customers", key(secret)).status() == 401);
    }

    @Test
    @Order(5)
    void aUserSignedInAtTheDevIssuerWorksThroughTheGateway() {
        String credentials = Base64.getEncoder().encodeToString("crm-cli:crm-cli-secret".getBytes(StandardCharsets.UTF_8));
        Http.Response token = Http.send("POST", platform.tokenUri(), "grant_type=client_credentials", Map.of(
                "Authorization", "Basic " + credentials, "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        String bearer = token.json().get("access_token").asString();

        Http.Response created = Http.post(platform.gateway + "/api/v1/customers",
                "{\"type\":\"ORGANIZATION\",\"organizationName\":\"Acme GmbH " + UUID.randomUUID() + "\"}",
                Map.of("Authorization", "Bearer " + bearer));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("createdBy").asString()).isNotBlank();
    }

    @Test
    @Order(99)
    void aStoppedServiceAnswers503PromptlyWhileTheGatewayStaysUp() {
        String keyA = apiKey(tenant("e2e-down"), CUSTOMER_SCOPES, 600);
        platform.service("customer").stop(Duration.ofSeconds(30));

        long started = System.nanoTime();
        Http.Response down = Http.get(platform.gateway + "/api/v1/customers", key(keyA));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.problemType()).isEqualTo("https://crmplatform.dev/problems/service-unavailable");
        assertThat(down.json().toString()).contains("customer");
        assertThat(millis).as("answered without waiting for a timeout").isLessThan(5_000);
        assertThat(Http.get(platform.gateway + "/api/v1/admin/tenants", admin()).status()).isEqualTo(200);

        // back for the journeys that run after this class in the same platform
        platform.restartService("customer");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Http.get(platform.gateway + "/api/v1/customers", key(keyA)).status() == 200);
    }
}
