package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.crmplatform.gateway.support.GatewayITSupport;
import tools.jackson.databind.JsonNode;

/** What a service receives: only the gateway's identity, never the client's. */
class InternalIdentityIT extends GatewayITSupport {

    @Test
    void spoofedInternalHeadersAreStrippedAndTheInternalTokenCarriesTheKeysIdentity() {
        UUID tenant = createTenant("honest");
        UUID otherTenant = createTenant("victim");
        CreatedKey key = createKey(tenant, "customers:read");

        HttpResponse<String> r = send("GET", "/api/v1/customers", null,
                "X-API-Key", key.key(),
                "X-Tenant-Id", otherTenant.toString(),
                "X-User-Id", "admin",
                "X-User-Roles", "ADMIN",
                "X-Internal-Token", "forged",
                "X-Principal-Type", "user",
                "X-Scopes", "customers:write");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode headers = json(r).path("headers");
        assertThat(headers.has("x-tenant-id")).isFalse();
        assertThat(headers.has("x-user-id")).isFalse();
        assertThat(headers.has("x-user-roles")).isFalse();
        assertThat(headers.has("x-internal-token")).isFalse();
        assertThat(headers.has("x-principal-type")).isFalse();
        assertThat(headers.has("x-scopes")).isFalse();
        assertThat(headers.has("x-api-key")).isFalse();

        String authorization = headers.path("authorization").asString();
        assertThat(authorization).startsWith("Bearer ").doesNotContain(key.key());
        JsonNode claims = InternalTokens.claims(authorization, base());
        assertThat(claims.path("iss").asString()).isEqualTo("crm-gateway");
        assertThat(InternalTokens.strings(claims.path("aud"))).containsExactly("crm-services");
        assertThat(claims.path("tenant").asString()).isEqualTo(tenant.toString());
        assertThat(claims.path("sub").asString()).isEqualTo("api-key:" + key.id());
        assertThat(claims.path("principal_type").asString()).isEqualTo("api_key");
        assertThat(claims.path("key_id").asString()).isEqualTo(key.id().toString());
        assertThat(InternalTokens.strings(claims.path("scopes"))).containsExactly("customers:read");
        assertThat(java.time.Duration.between(java.time.Instant.parse(claims.path("iat").asString()),
                java.time.Instant.parse(claims.path("exp").asString()))).isLessThanOrEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(InternalTokens.kid(authorization)).startsWith("gw-");
    }

    @Test
    void anIncomingAuthorizationHeaderIsReplacedNotForwarded() {
        UUID tenant = createTenant("bearer");
        CreatedKey key = createKey(tenant, "customers:read");
        JsonNode headers = json(getWithKey("/api/v1/customers", key.key())).path("headers");
        assertThat(headers.path("authorization").asString()).doesNotContain(key.key());
        assertThat(InternalTokens.claims(headers.path("authorization").asString(), base()).path("key_id").asString())
                .isEqualTo(key.id().toString());
    }

    @Test
    void requestIdAndTraceparentArePropagated() {
        UUID tenant = createTenant("trace");
        CreatedKey key = createKey(tenant, "customers:read");
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpResponse<String> r = send("GET", "/api/v1/customers", null, "X-API-Key", key.key(),
                "X-Request-Id", "req-123", "traceparent", traceparent);
        assertThat(r.headers().allValues("X-Request-Id")).containsExactly("req-123");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        JsonNode headers = json(r).path("headers");
        assertThat(headers.path("x-request-id").asString()).isEqualTo("req-123");
        assertThat(headers.path("traceparent").asString()).isEqualTo(traceparent);

        HttpResponse<String> generated = send("GET", "/api/v1/customers", null, "X-API-Key", key.key());
        String id = generated.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode generatedHeaders = json(generated).path("headers");
        assertThat(generatedHeaders.path("x-request-id").asString()).isEqualTo(id);
        assertThat(generatedHeaders.path("traceparent").asString())
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void errorsCarryARequestIdToo() {
        HttpResponse<String> r = send("GET", "/api/v1/customers", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    }
}
