package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.TestOidcIssuer;
import tools.jackson.databind.JsonNode;

/** User JWTs from the (test) OIDC issuer: signature, issuer, audience, expiry, tenant and roles to scopes. */
class UserJwtAuthenticationIT extends GatewayITSupport {

    private final TestOidcIssuer oidc = TestOidcIssuer.get();
    private final UUID tenant = UUID.randomUUID();

    @Test
    void validUserTokenIsRoutedWithRolesMappedToScopes() {
        String jwt = oidc.user(tenant, "alice", List.of("SALES_REP"));
        HttpResponse<String> r = send("GET", "/api/v1/customers/42", null, "Authorization", "Bearer " + jwt);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode claims = InternalTokens.claims(json(r).path("headers").path("authorization").asString(), base());
        assertThat(claims.path("sub").asString()).isEqualTo("alice");
        assertThat(claims.path("tenant").asString()).isEqualTo(tenant.toString());
        assertThat(claims.path("principal_type").asString()).isEqualTo("user");
        assertThat(claims.has("key_id")).isFalse();
        assertThat(InternalTokens.strings(claims.path("roles"))).containsExactly("SALES_REP");
        assertThat(InternalTokens.strings(claims.path("scopes")))
                .containsExactlyInAnyOrder("customers:read", "customers:write", "sales:read", "sales:write");
    }

    @Test
    void expiredTokenIs401() {
        String jwt = oidc.sign(false, oidc.issuer(), TestOidcIssuer.AUDIENCE, tenant, "bob", List.of("ADMIN"),
                Duration.ofMinutes(-5));
        HttpResponse<String> r = send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + jwt);
        assertProblem(r, 401, "unauthorized");
        assertThat(json(r).path("detail").asString()).contains("expired");
    }

    @Test
    void wrongIssuerIs401() {
        String jwt = oidc.sign(false, "https://evil.example", TestOidcIssuer.AUDIENCE, tenant, "bob",
                List.of("ADMIN"), Duration.ofMinutes(5));
        assertProblem(send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + jwt), 401, "unauthorized");
    }

    @Test
    void wrongAudienceIs401() {
        String jwt = oidc.sign(false, oidc.issuer(), "some-other-app", tenant, "bob", List.of("ADMIN"),
                Duration.ofMinutes(5));
        assertProblem(send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + jwt), 401, "unauthorized");
    }

    @Test
    void tokenSignedByAnUnknownKeyIs401() {
        String jwt = oidc.sign(true, oidc.issuer(), TestOidcIssuer.AUDIENCE, tenant, "bob", List.of("ADMIN"),
                Duration.ofMinutes(5));
        assertProblem(send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + jwt), 401, "unauthorized");
    }

    @Test
    void theGatewaysOwnInternalTokenIsNotAcceptedAsAUserToken() {
        String jwt = oidc.user(tenant, "alice", List.of("ADMIN"));
        String internal = json(send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + jwt))
                .path("headers").path("authorization").asString().substring("Bearer ".length());
        assertProblem(send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + internal), 401,
                "unauthorized");
    }

    @Test
    void tokenWithoutTenantIs401() {
        String jwt = oidc.sign(false, oidc.issuer(), TestOidcIssuer.AUDIENCE, null, "nomad", List.of("ADMIN"),
                Duration.ofMinutes(5));
        assertProblem(send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + jwt), 401, "unauthorized");
    }

    @Test
    void roleWithoutTheScopeIs403() {
        String jwt = oidc.user(tenant, "sam", List.of("SUPPORT_AGENT"));
        assertThat(send("GET", "/api/v1/customers", null, "Authorization", "Bearer " + jwt).statusCode())
                .isEqualTo(200);
        assertProblem(send("POST", "/api/v1/customers", "{}", "Authorization", "Bearer " + jwt), 403, "forbidden");
        assertProblem(send("GET", "/api/v1/leads", null, "Authorization", "Bearer " + jwt), 403, "forbidden");
    }
}
