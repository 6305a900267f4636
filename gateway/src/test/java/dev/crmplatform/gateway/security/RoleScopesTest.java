package dev.crmplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.crmplatform.gateway.config.GatewayProperties;

class RoleScopesTest {

    private static GatewayProperties.Oidc oidc(Map<String, Set<String>> roleScopes) {
        return new GatewayProperties.Oidc(null, null, List.of(), "tenant", "roles", "PLATFORM_ADMIN", roleScopes,
                Duration.ofSeconds(60));
    }

    @Test
    void defaultMappingFollowsTheArchitecture() {
        RoleScopes scopes = new RoleScopes(oidc(Map.of()));
        // read and write in the six areas, plus sales:approve (overriding a failed credit check, issue 4)
        assertThat(scopes.scopesFor(List.of("ADMIN"))).hasSize(13).contains("admin:write", "analytics:read",
                "sales:approve");
        assertThat(scopes.scopesFor(List.of("SALES_MANAGER"))).contains("sales:approve");
        assertThat(scopes.scopesFor(List.of("SALES_REP"))).doesNotContain("sales:approve");
        assertThat(scopes.scopesFor(List.of("SUPPORT_AGENT")))
                .containsExactlyInAnyOrder("customers:read", "tickets:read", "tickets:write");
        assertThat(scopes.scopesFor(List.of("ANALYST"))).allMatch(s -> s.endsWith(":read")).doesNotContain("admin:read");
        assertThat(scopes.scopesFor(List.of("SALES_REP", "MARKETER")))
                .contains("sales:write", "marketing:write", "customers:write");
        assertThat(scopes.scopesFor(List.of("PLATFORM_ADMIN"))).containsExactlyInAnyOrder("admin:read", "admin:write");
        assertThat(scopes.scopesFor(List.of("UNKNOWN"))).isEmpty();
    }

    @Test
    void configuredMappingReplacesTheDefault() {
        RoleScopes scopes = new RoleScopes(oidc(Map.of("viewer", Set.of("customers:read"))));
        assertThat(scopes.scopesFor(List.of("viewer"))).containsExactly("customers:read");
        assertThat(scopes.scopesFor(List.of("ADMIN"))).isEmpty();
    }

    @Test
    void claimsAreReadByDotPath() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("ADMIN", "ANALYST")),
                "scope", "a b");
        assertThat(UserJwtAuthenticator.stringList(UserJwtAuthenticator.claim(claims, "realm_access.roles")))
                .containsExactly("ADMIN", "ANALYST");
        assertThat(UserJwtAuthenticator.stringList(UserJwtAuthenticator.claim(claims, "scope")))
                .containsExactly("a", "b");
        assertThat(UserJwtAuthenticator.claim(claims, "missing.path")).isNull();
    }
}
