package dev.crmplatform.customer.support;

import java.util.Set;
import java.util.UUID;

/** The platform's test client with customer-service's scopes, plus customer helpers. */
public final class TenantClient extends dev.crmplatform.platform.test.TenantClient {

    public static final Set<String> ALL_SCOPES = Set.of("customers:read", "customers:write");

    private TenantClient(int port, UUID tenant, Set<String> scopes) {
        super(port, tenant, scopes);
    }

    /** A client for a new tenant with read and write scopes. */
    public static TenantClient newTenant(int port) {
        return forTenant(port, UUID.randomUUID(), ALL_SCOPES);
    }

    public static TenantClient forTenant(int port, UUID tenant, Set<String> scopes) {
        return new TenantClient(port, tenant, scopes);
    }

    /** Creates a customer and returns its id. */
    public String createCustomer(String jsonBody) {
        Response response = post("/api/v1/customers?allowDuplicate=true", jsonBody);
        if (response.status() != 201) {
            throw new AssertionError("create failed: " + response);
        }
        return response.json().get("id").asString();
    }
}
