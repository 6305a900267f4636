package dev.crmplatform.gateway.tenant;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

import dev.crmplatform.gateway.admin.api.TenantsApi;
import dev.crmplatform.gateway.admin.model.TenantCreateRequest;
import dev.crmplatform.gateway.admin.model.TenantPage;
import dev.crmplatform.gateway.idempotency.IdempotencyFilter;
import dev.crmplatform.gateway.security.Actors;
import dev.crmplatform.gateway.web.Cursors;

@RestController
public class TenantsController implements TenantsApi {

    private final TenantService service;

    public TenantsController(TenantService service) {
        this.service = service;
    }

    /** {@code idempotencyKey} is handled before this runs, by {@link IdempotencyFilter}. */
    @Override
    public ResponseEntity<dev.crmplatform.gateway.admin.model.Tenant> createTenant(TenantCreateRequest request,
            String idempotencyKey) {
        Tenant tenant = service.create(Actors.require(), request.getName());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/admin/tenants/" + tenant.id()))
                .body(view(tenant));
    }

    @Override
    public ResponseEntity<dev.crmplatform.gateway.admin.model.Tenant> getTenant(UUID tenantId) {
        return ResponseEntity.ok(view(service.get(Actors.require(), tenantId)));
    }

    @Override
    public ResponseEntity<TenantPage> listTenants(Integer limit, String cursor) {
        TenantService.TenantPage page = service.list(Actors.require(), Cursors.decode(cursor), limit);
        TenantPage body = new TenantPage();
        body.setItems(page.items().stream().map(TenantsController::view).toList());
        body.setNextCursor(page.more() ? Cursors.encode(page.lastId()) : null);
        return ResponseEntity.ok(body);
    }

    private static dev.crmplatform.gateway.admin.model.Tenant view(Tenant t) {
        return new dev.crmplatform.gateway.admin.model.Tenant(t.id(), t.name())
                .createdAt(t.createdAt().atOffset(ZoneOffset.UTC));
    }
}
