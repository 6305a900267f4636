package dev.crmplatform.sales.contract;

import dev.crmplatform.contracts.events.sales.ContractRenewalDue;
import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.sales.contract.ContractRepository.ContractRecord;
import dev.crmplatform.sales.customer.CustomerReplica;
import dev.crmplatform.sales.events.SalesEvents;
import dev.crmplatform.sales.opportunity.NewOpportunity;
import dev.crmplatform.sales.opportunity.OpportunityService;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles a contract's due renewal, outside any request: with the contract's tenant set (row-level security) and
 * the actor {@code system}. In ONE transaction it locks the contract, checks that this term's renewal was not handled
 * yet ({@code contract_renewal}, primary key (contract, term)), creates the renewal opportunity, records the term
 * and publishes {@code contract.renewal-due} through the outbox. So whoever runs it, however often (retries after a
 * crash, several instances, restarts), a term gets one opportunity and one event.
 */
@Component
public class ContractRenewals {

    static final String CREATED = "OPPORTUNITY_CREATED";
    static final String SKIPPED = "SKIPPED_CUSTOMER_INACTIVE";
    private static final Logger log = LoggerFactory.getLogger(ContractRenewals.class);
    private static final int MAX_NAME = 200;

    private final ContractRepository contracts;
    private final OpportunityService opportunities;
    private final CustomerReplica customers;
    private final SalesEvents events;
    private final ContractsProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock = Clock.systemUTC();

    public ContractRenewals(ContractRepository contracts, OpportunityService opportunities, CustomerReplica customers,
                            SalesEvents events, ContractsProperties properties,
                            PlatformTransactionManager transactionManager) {
        this.contracts = contracts;
        this.opportunities = opportunities;
        this.customers = customers;
        this.events = events;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** The day a term ending on {@code endDate} is due for renewal. */
    public LocalDate dueOn(LocalDate endDate) {
        return endDate.minusDays(properties.renewalLeadDays());
    }

    /** When the scheduler should run the renewal of a term ending on {@code endDate} (start of the due day, UTC). */
    public Instant dueAt(LocalDate endDate) {
        return dueOn(endDate).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * Runs the renewal of the contract's current term if it is due.
     *
     * @return what the scheduler does with the execution next
     */
    public Next handle(UUID tenant, UUID contractId) {
        return TenantContext.callAs(tenant, () -> transaction.execute(status -> handleInTransaction(tenant, contractId)));
    }

    private Next handleInTransaction(UUID tenant, UUID contractId) {
        ContractRecord contract = contracts.lock(tenant, contractId).orElse(null);
        if (contract == null || contract.cancelled()) {
            return Next.done();
        }
        LocalDate due = dueOn(contract.endDate());
        if (due.isAfter(LocalDate.now(clock))) {
            // the end date moved later since this execution was scheduled
            return Next.at(dueAt(contract.endDate()));
        }
        if (contracts.renewalHandled(tenant, contractId, contract.termNumber())) {
            log.info("Contract {} term {}: renewal already handled, nothing to do", contractId, contract.termNumber());
            return Next.done();
        }
        String actor = CurrentActor.id();
        boolean active = customers.find(contract.customerId()).map(CustomerReplica.ReplicaCustomer::isActive)
                .orElse(false);
        if (!active) {
            contracts.recordRenewal(tenant, contract, SKIPPED, null, actor);
            log.info("Contract {} term {}: renewal skipped, the customer is no longer active", contractId,
                    contract.termNumber());
            return Next.done();
        }
        UUID opportunityId = opportunities.create(new NewOpportunity(contract.customerId(), opportunityName(contract),
                contract.value(), contract.currency(), contract.endDate(), OpportunityStage.PROSPECTING, null)
                .renewing(contractId)).id();
        if (!contracts.recordRenewal(tenant, contract, CREATED, opportunityId, actor)) {
            // cannot happen under the row lock; never publish twice if it somehow does
            throw new IllegalStateException("Renewal of contract " + contractId + " term " + contract.termNumber()
                    + " was recorded concurrently");
        }
        ContractRecord updated = contracts.update(tenant, contract.withTerms(contract.name(), contract.startDate(),
                contract.endDate(), contract.value(), contract.currency(), contract.autoRenew(),
                contract.storedStatus(), contract.termNumber(), opportunityId), actor);
        events.publish(SalesEvents.CONTRACT_RENEWAL_DUE, contract.customerId(), contractId, updated.version(),
                new ContractRenewalDue()
                        .contractId(contractId)
                        .customerId(contract.customerId())
                        .termStart(contract.startDate())
                        .termEnd(contract.endDate())
                        .value(new dev.crmplatform.contracts.events.sales.Money()
                                .amount(ContractsController.amountText(contract.value()))
                                .currency(contract.currency()))
                        .autoRenew(contract.autoRenew())
                        .renewalOpportunityId(opportunityId));
        log.info("Contract {} term {}: renewal opportunity {} created", contractId, contract.termNumber(),
                opportunityId);
        return Next.done();
    }

    private static String opportunityName(ContractRecord contract) {
        String base = "Renewal: " + (contract.name() == null ? "contract " + contract.id() : contract.name())
                + " (term " + (contract.termNumber() + 1) + ")";
        return base.length() <= MAX_NAME ? base : base.substring(0, MAX_NAME);
    }

    /** @param rescheduleAt null: the execution is finished */
    public record Next(Instant rescheduleAt) {

        static Next done() {
            return new Next(null);
        }

        static Next at(Instant when) {
            return new Next(when);
        }
    }
}
