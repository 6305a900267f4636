package dev.crmplatform.sales.contract;

import dev.crmplatform.contracts.sales.model.ContractCreateRequest;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import dev.crmplatform.sales.contract.ContractRepository.ContractRecord;
import dev.crmplatform.sales.customer.CustomerReplica;
import dev.crmplatform.sales.task.MergePatchFields;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Customer contracts. Creating one, or moving its end date, (re)schedules its renewal in the same transaction;
 * {@link ContractRenewals} does the renewal when it is due.
 */
@Service
public class ContractService {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "created_at", "startDate", "start_date",
            "endDate", "end_date");
    private static final String DEFAULT_SORT = "createdAt";
    private static final Set<String> PATCHABLE = Set.of("name", "endDate", "value", "autoRenew", "status");

    private final ContractRepository contracts;
    private final CustomerReplica customers;
    private final ContractRenewals renewals;
    private final RenewalScheduler scheduler;

    public ContractService(ContractRepository contracts, CustomerReplica customers, ContractRenewals renewals,
                           RenewalScheduler scheduler) {
        this.contracts = contracts;
        this.customers = customers;
        this.renewals = renewals;
        this.scheduler = scheduler;
    }

    @Transactional
    public ContractRecord create(ContractCreateRequest request) {
        UUID tenant = TenantContext.require();
        String name = request.getName() == null ? null : request.getName().strip();
        if (name != null && name.isEmpty()) {
            throw InvalidRequestException.of("name", "must not be blank");
        }
        if (!request.getEndDate().isAfter(request.getStartDate())) {
            throw InvalidRequestException.of("endDate", "must be after startDate");
        }
        customers.find(request.getCustomerId())
                .filter(CustomerReplica.ReplicaCustomer::isActive)
                .orElseThrow(() -> new BusinessRuleException("Customer " + request.getCustomerId()
                        + " is not an active customer"));
        ContractRecord created = contracts.insert(tenant, Ids.newId(), request.getCustomerId(), name,
                request.getStartDate(), request.getEndDate(), new BigDecimal(request.getValue().getAmount()),
                request.getValue().getCurrency(), Boolean.TRUE.equals(request.getAutoRenew()), CurrentActor.id());
        scheduler.schedule(tenant, created.id(), renewals.dueAt(created.endDate()));
        return created;
    }

    @Transactional(readOnly = true)
    public ContractRecord get(UUID id) {
        return contracts.find(TenantContext.require(), id).orElseThrow(() -> new NotFoundException("contract", id));
    }

    @Transactional(readOnly = true)
    public Page<ContractRecord> list(Integer limit, String cursor, String sort, UUID customerId, String status,
                                     LocalDate endingBefore) {
        PageQuery query = PageQuery.of(limit, cursor, sort, SORTABLE, DEFAULT_SORT);
        return contracts.page(TenantContext.require(), customerId, status, endingBefore, query);
    }

    /**
     * Merge patch of name, endDate, value, autoRenew and status (CANCELLED only). A new end date after a handled
     * renewal starts the next term; before it, it moves the pending renewal.
     */
    @Transactional
    public ContractRecord patch(UUID id, JsonNode patch, String ifMatch) {
        long expected = ETags.requireIfMatch(ifMatch);
        MergePatchFields fields = new MergePatchFields(patch, PATCHABLE);
        String name = fields.has("name") ? fields.text("name", 1, 200, true) : null;
        LocalDate endDate = fields.has("endDate") ? fields.date("endDate") : null;
        MergePatchFields.Amount value = fields.has("value") ? fields.money("value") : null;
        Boolean autoRenew = fields.has("autoRenew") ? fields.bool("autoRenew") : null;
        String status = fields.has("status") ? fields.oneOf("status", Set.of("CANCELLED")) : null;
        fields.validate();

        UUID tenant = TenantContext.require();
        ContractRecord current = contracts.lock(tenant, id).orElseThrow(() -> new NotFoundException("contract", id));
        ETags.checkVersion(expected, current.version());
        if (current.cancelled()) {
            throw new BusinessRuleException("Contract " + id + " is cancelled and can no longer be changed");
        }
        LocalDate start = current.startDate();
        int term = current.termNumber();
        UUID renewalOpportunity = current.renewalOpportunityId();
        boolean endMoved = endDate != null && !endDate.equals(current.endDate());
        if (endMoved && endDate.isAfter(current.endDate())
                && contracts.renewalHandled(tenant, id, current.termNumber())) {
            // the current term was renewed: the new end date is the next term's
            start = current.endDate().plusDays(1);
            term++;
            renewalOpportunity = null;
        }
        LocalDate end = endDate != null ? endDate : current.endDate();
        if (!end.isAfter(start)) {
            throw InvalidRequestException.of("endDate", "must be after the term's start date " + start);
        }
        ContractRecord updated = contracts.update(tenant, current.withTerms(
                fields.has("name") ? name : current.name(), start, end,
                value != null ? value.amount() : current.value(),
                value != null ? value.currency() : current.currency(),
                autoRenew != null ? autoRenew : current.autoRenew(),
                status != null ? status : current.storedStatus(), term, renewalOpportunity), CurrentActor.id());
        if (endMoved && !updated.cancelled()) {
            scheduler.schedule(tenant, id, renewals.dueAt(updated.endDate()));
        }
        return updated;
    }
}
