package dev.crmplatform.gateway.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.crmplatform.gateway.config.GatewayProperties;

/** Roles of a JWT user to scopes, per ARCHITECTURE §4; {@code crm.gateway.oidc.role-scopes} replaces the default. */
public final class RoleScopes {

    public static final Set<String> AREAS = Set.of("customers", "sales", "marketing", "tickets", "analytics", "admin");

    static final Map<String, Set<String>> DEFAULT = defaults();

    private final Map<String, Set<String>> mapping;

    public RoleScopes(GatewayProperties.Oidc oidc) {
        Map<String, Set<String>> m = new LinkedHashMap<>(DEFAULT);
        if (!oidc.roleScopes().isEmpty()) {
            m = new LinkedHashMap<>(oidc.roleScopes());
        }
        m.putIfAbsent(oidc.platformAdminRole(), Set.of("admin:read", "admin:write"));
        this.mapping = m;
    }

    public Set<String> scopesFor(Collection<String> roles) {
        Set<String> scopes = new TreeSet<>();
        for (String role : roles) {
            scopes.addAll(mapping.getOrDefault(role, Set.of()));
        }
        return scopes;
    }

    private static Map<String, Set<String>> defaults() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        Set<String> all = new TreeSet<>();
        AREAS.forEach(a -> {
            all.add(a + ":read");
            all.add(a + ":write");
        });
        // Overriding a failed credit check is a person's decision: a role scope, never grantable to an API key.
        all.add("sales:approve");
        m.put("ADMIN", Set.copyOf(all));
        m.put("SALES_REP", Set.of("customers:read", "customers:write", "sales:read", "sales:write"));
        m.put("SALES_MANAGER", Set.of("customers:read", "customers:write", "sales:read", "sales:write",
                "sales:approve", "analytics:read"));
        m.put("MARKETER", Set.of("customers:read", "marketing:read", "marketing:write", "analytics:read"));
        m.put("SUPPORT_AGENT", Set.of("customers:read", "tickets:read", "tickets:write"));
        m.put("SUPPORT_MANAGER", Set.of("customers:read", "customers:write", "tickets:read", "tickets:write",
                "analytics:read"));
        m.put("ANALYST", Set.of("customers:read", "sales:read", "marketing:read", "tickets:read", "analytics:read"));
        return Map.copyOf(m);
    }
}
