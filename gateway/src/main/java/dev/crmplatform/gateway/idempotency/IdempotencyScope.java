package dev.crmplatform.gateway.idempotency;

import java.util.Map;
import java.util.UUID;

import dev.crmplatform.gateway.security.GatewayPrincipal;

/**
 * The key space an Idempotency-Key lives in: one per authenticated caller.
 * <p>
 * The platform scopes keys by tenant and puts the actor into the request fingerprint. The gateway's admin callers
 * are mostly platform admins, who have no tenant, so a tenant scope would put every platform admin (the bootstrap
 * key, each platform-admin user) into one shared key space where their keys collide (a spurious 422, and a hint
 * that someone else used that key). Scoping by tenant <em>and</em> principal keeps each caller's keys private to
 * it, and costs nothing: with the actor in the fingerprint, a different caller never got a replay anyway. The
 * principal includes its type so a JWT {@code sub} can never pass for an API key subject ({@code api-key:<id>}).
 *
 * @param tenant    the caller's tenant, or the zero UUID for platform admins
 * @param principal principal type and subject, e.g. {@code api_key api-key:<id>} or {@code user <sub>}
 */
record IdempotencyScope(UUID tenant, String principal) {

    // Stands in for "no tenant" (platform admins) so the column can stay part of the primary key.
    static final UUID NO_TENANT = new UUID(0, 0);

    static IdempotencyScope of(GatewayPrincipal caller) {
        return new IdempotencyScope(caller.tenantId() != null ? caller.tenantId() : NO_TENANT,
                caller.type().claim() + " " + caller.subject());
    }

    /** The scope as {@code idempotency_keys}' scope columns. */
    Map<String, Object> columns() {
        return Map.of("tenant_id", tenant, "principal", principal);
    }
}
