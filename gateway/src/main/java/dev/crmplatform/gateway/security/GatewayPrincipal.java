package dev.crmplatform.gateway.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, after authentication: a JWT user or an API key. This is what the internal JWT is minted from.
 *
 * @param subject        JWT {@code sub}, or {@code api-key:<id>} for keys
 * @param tenantId       null only for platform admins
 * @param keyId          the API key id, null for users
 * @param rateLimitPerMinute the per-key limit, or null to use the configured default
 */
public record GatewayPrincipal(
        String subject,
        UUID tenantId,
        Set<String> roles,
        Set<String> scopes,
        PrincipalType type,
        UUID keyId,
        boolean platformAdmin,
        Integer rateLimitPerMinute,
        Integer rateLimitPerDay) {

    public enum PrincipalType {
        USER("user"), API_KEY("api_key");

        private final String claim;

        PrincipalType(String claim) {
            this.claim = claim;
        }

        public String claim() {
            return claim;
        }
    }

    public GatewayPrincipal {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The actor recorded in created_by / updated_by. */
    public String actor() {
        return subject;
    }
}
