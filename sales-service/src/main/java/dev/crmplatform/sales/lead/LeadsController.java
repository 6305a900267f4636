package dev.crmplatform.sales.lead;

import dev.crmplatform.contracts.sales.api.LeadsApi;
import dev.crmplatform.contracts.sales.model.Lead;
import dev.crmplatform.contracts.sales.model.LeadConversion;
import dev.crmplatform.contracts.sales.model.LeadConvertRequest;
import dev.crmplatform.contracts.sales.model.LeadCreateRequest;
import dev.crmplatform.contracts.sales.model.LeadIndustry;
import dev.crmplatform.contracts.sales.model.LeadPage;
import dev.crmplatform.contracts.sales.model.LeadSalesRep;
import dev.crmplatform.contracts.sales.model.LeadSalesRepList;
import dev.crmplatform.contracts.sales.model.LeadSalesRepUpsert;
import dev.crmplatform.contracts.sales.model.LeadSource;
import dev.crmplatform.contracts.sales.model.LeadStatus;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.sales.lead.SalesRepRepository.SalesRepRow;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class LeadsController implements LeadsApi {

    private final LeadService leads;
    private final LeadSearch search;
    private final LeadConversionService conversions;
    private final SalesRepService reps;
    private final LeadResponses responses;

    public LeadsController(LeadService leads, LeadSearch search, LeadConversionService conversions,
                           SalesRepService reps, LeadResponses responses) {
        this.leads = leads;
        this.search = search;
        this.conversions = conversions;
        this.reps = reps;
        this.responses = responses;
    }

    @Override
    public ResponseEntity<Lead> createLead(LeadCreateRequest request, String idempotencyKey) {
        return responses.created(leads.create(request));
    }

    @Override
    public ResponseEntity<LeadPage> listLeads(Integer limit, String cursor, String sort, LeadStatus status,
                                              String ownerId, LeadSource source) {
        var page = search.list(new LeadSearch.Filter(status == null ? null : status.getValue(), ownerId,
                source == null ? null : source.getValue()), limit, cursor, sort);
        return ResponseEntity.ok(new LeadPage(page.items().stream().map(responses::toLead).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public ResponseEntity<Lead> getLead(UUID id) {
        return responses.ok(leads.get(id));
    }

    @Override
    public ResponseEntity<Lead> patchLead(UUID id, Map<String, Object> patch, String ifMatch) {
        return responses.ok(leads.patch(id, ETags.requireIfMatch(ifMatch), patch));
    }

    @Override
    public ResponseEntity<LeadConversion> convertLead(UUID id, String idempotencyKey, LeadConvertRequest request) {
        var conversion = conversions.convert(id, request);
        return ResponseEntity.ok(new LeadConversion(conversion.leadId(), conversion.customerId(),
                conversion.opportunityId(), conversion.customerCreated()));
    }

    @Override
    public ResponseEntity<LeadSalesRepList> listSalesReps() {
        return ResponseEntity.ok(new LeadSalesRepList(reps.list().stream().map(LeadsController::rep).toList()));
    }

    @Override
    public ResponseEntity<LeadSalesRep> getSalesRep(String userId) {
        SalesRepRow rep = reps.get(userId);
        return ResponseEntity.ok().eTag(ETags.of(rep.version())).body(rep(rep));
    }

    @Override
    public ResponseEntity<LeadSalesRep> putSalesRep(String userId, LeadSalesRepUpsert body, String ifMatch) {
        var upserted = reps.put(userId, body, ifMatch == null ? null : ETags.requireIfMatch(ifMatch));
        return ResponseEntity.status(upserted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(ETags.of(upserted.rep().version()))
                .body(rep(upserted.rep()));
    }

    private static LeadSalesRep rep(SalesRepRow row) {
        return new LeadSalesRep()
                .userId(row.userId())
                .displayName(row.displayName())
                .active(row.active())
                .countries(row.countries())
                .industries(row.industries().stream().map(LeadIndustry::fromValue).toList())
                .assignedCount(row.assignedCount())
                .lastAssignedAt(row.lastAssignedAt())
                .version(row.version());
    }
}
