package dev.crmplatform.platform.webtest;

import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import dev.crmplatform.platform.web.problem.NotFoundException;

@Service
@Validated
public class WidgetService {

    static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at", "size", "size",
            "id", "id");

    private final WidgetRepository repository;

    public WidgetService(WidgetRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public Widget create(CreateWidget command) {
        UUID id = Ids.newId();
        repository.insert(id, TenantContext.require(), command);
        return repository.find(id).orElseThrow();
    }

    /** Bean validation on a service method (ConstraintViolationException rather than MVC validation). */
    @Transactional
    public Widget createValidated(@Valid CreateWidget command) {
        return create(command);
    }

    /** Writes a row for an explicit tenant: RLS must refuse it unless it is the current tenant. */
    @Transactional
    public void insertForTenant(UUID tenant, String name) {
        repository.insert(Ids.newId(), tenant, new CreateWidget(name, null, null));
    }

    @Transactional(readOnly = true)
    public Widget get(UUID id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("Widget", id));
    }

    @Transactional(readOnly = true)
    public Page<Widget> list(PageQuery query) {
        Keyset keyset = Keyset.of(query, "id");
        return keyset.page(repository.page(keyset), (w, field) -> switch (field) {
            case "name" -> w.name();
            case "createdAt" -> w.createdAt();
            case "size" -> w.size();
            default -> w.id();
        });
    }

    @Transactional
    public Widget rename(UUID id, String name, long expectedVersion) {
        Widget current = get(id);
        ETags.checkVersion(expectedVersion, current.version());
        if (repository.updateName(id, name, expectedVersion) == 0) {
            // Someone else won between the read and the write.
            ETags.checkVersion(expectedVersion, get(id).version());
        }
        return get(id);
    }

    @Transactional(readOnly = true)
    public long countInTransaction() {
        return repository.count();
    }

    /** No transaction: no tenant is published to PostgreSQL, so RLS shows nothing. */
    public long countWithoutTransaction() {
        return repository.count();
    }
}
