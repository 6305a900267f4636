package dev.crmplatform.sales.support;

import java.util.Set;
import java.util.UUID;

/** The platform's test client with sales-service's scopes. */
public final class TenantClient extends dev.crmplatform.platform.test.TenantClient {

    public static final Set<String> ALL_SCOPES = Set.of("sales:read", "sales:write", "sales:approve");

    private TenantClient(int port, UUID tenant, Set<String> scopes) {
        super(port, tenant, scopes);
    }

    /** A client for a new tenant with read, write and approve scopes. */
    public static TenantClient newTenant(int port) {
        return forTenant(port, UUID.randomUUID(), ALL_SCOPES);
    }

    public static TenantClient forTenant(int port, UUID tenant, Set<String> scopes) {
        return new TenantClient(port, tenant, scopes);
    }
}
