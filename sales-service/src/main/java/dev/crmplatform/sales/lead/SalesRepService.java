package dev.crmplatform.sales.lead;

import dev.crmplatform.contracts.sales.model.LeadIndustry;
import dev.crmplatform.contracts.sales.model.LeadSalesRepUpsert;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.problem.NotFoundException;
import dev.crmplatform.sales.lead.SalesRepRepository.SalesRepRow;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Managing the sales reps that lead assignment rotates through. */
@Service
public class SalesRepService {

    private final SalesRepRepository reps;

    public SalesRepService(SalesRepRepository reps) {
        this.reps = reps;
    }

    /** @param created true when the rep did not exist */
    public record Upserted(SalesRepRow rep, boolean created) {
    }

    @Transactional(readOnly = true)
    public List<SalesRepRow> list() {
        return reps.list(TenantContext.require());
    }

    @Transactional(readOnly = true)
    public SalesRepRow get(String userId) {
        return reps.find(TenantContext.require(), userId).orElseThrow(() -> new NotFoundException("sales rep", userId));
    }

    @Transactional
    public Upserted put(String userId, LeadSalesRepUpsert body, Long expectedVersion) {
        UUID tenant = TenantContext.require();
        String actor = CurrentActor.id();
        String name = body.getDisplayName() == null || body.getDisplayName().isBlank()
                ? null : body.getDisplayName().strip();
        boolean active = !Boolean.FALSE.equals(body.getActive());
        List<String> countries = List.copyOf(new LinkedHashSet<>(body.getCountries() == null
                ? List.of() : body.getCountries()));
        List<String> industries = List.copyOf(new LinkedHashSet<>(body.getIndustries() == null
                ? List.<String>of() : body.getIndustries().stream().map(LeadIndustry::getValue).toList()));
        Optional<SalesRepRow> existing = reps.lock(tenant, userId);
        if (existing.isEmpty()) {
            if (expectedVersion != null) {
                ETags.checkVersion(expectedVersion, 0);
            }
            Optional<SalesRepRow> inserted = reps.insert(tenant, userId, name, active, countries, industries, actor);
            if (inserted.isPresent()) {
                return new Upserted(inserted.get(), true);
            }
            // created concurrently: replace it like an existing one
            existing = reps.lock(tenant, userId);
        }
        if (expectedVersion != null) {
            ETags.checkVersion(expectedVersion, existing.orElseThrow().version());
        }
        return new Upserted(reps.update(tenant, userId, name, active, countries, industries, actor), false);
    }
}
