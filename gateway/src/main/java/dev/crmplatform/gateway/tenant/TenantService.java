package dev.crmplatform.gateway.tenant;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.crmplatform.gateway.problem.ProblemException;
import dev.crmplatform.gateway.security.GatewayPrincipal;
import dev.crmplatform.gateway.web.Ids;
import dev.crmplatform.gateway.web.Names;

@Service
public class TenantService {

    public record TenantPage(List<Tenant> items, UUID lastId, boolean more) {
    }

    private final TenantRepository tenants;
    private final Clock clock;

    public TenantService(TenantRepository tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    @Transactional
    public Tenant create(GatewayPrincipal actor, String name) {
        requirePlatformAdmin(actor);
        UUID id = Ids.newId();
        tenants.insert(id, Names.clean(name), actor.actor(), clock.instant());
        return tenants.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public TenantPage list(GatewayPrincipal actor, UUID after, int limit) {
        requirePlatformAdmin(actor);
        List<Tenant> rows = tenants.page(after, limit);
        boolean more = rows.size() > limit;
        List<Tenant> items = more ? rows.subList(0, limit) : rows;
        return new TenantPage(items, items.isEmpty() ? null : items.getLast().id(), more);
    }

    /** Platform admins see any tenant; a tenant's admins see their own; anyone else gets 404 (no existence leak). */
    @Transactional(readOnly = true)
    public Tenant get(GatewayPrincipal actor, UUID id) {
        boolean allowed = actor.platformAdmin() || (id.equals(actor.tenantId()) && actor.hasScope("admin:read"));
        if (!allowed && !actor.hasScope("admin:read")) {
            throw ProblemException.forbidden("Requires scope admin:read");
        }
        return tenants.find(id).filter(t -> allowed).orElseThrow(() -> ProblemException.notFound("Tenant", id));
    }

    private static void requirePlatformAdmin(GatewayPrincipal actor) {
        if (!actor.platformAdmin()) {
            throw ProblemException.forbidden("Only platform admins manage tenants");
        }
    }
}
