package dev.crmplatform.sales.lead;

import dev.crmplatform.contracts.customer.client.model.Address;
import dev.crmplatform.contracts.customer.client.model.Customer;
import dev.crmplatform.contracts.customer.client.model.CustomerCreateRequest;
import dev.crmplatform.contracts.customer.client.model.CustomerType;
import dev.crmplatform.contracts.customer.client.model.Email;
import dev.crmplatform.contracts.customer.client.model.LifecycleStage;
import dev.crmplatform.contracts.customer.client.model.Phone;
import dev.crmplatform.contracts.events.customer.CustomerState;
import dev.crmplatform.contracts.events.sales.LeadConverted;
import dev.crmplatform.contracts.sales.model.LeadConvertRequest;
import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.sales.customer.CustomerReplica;
import dev.crmplatform.sales.customer.CustomerReplicaWriter;
import dev.crmplatform.sales.events.SalesEvents;
import dev.crmplatform.sales.opportunity.NewOpportunity;
import dev.crmplatform.sales.opportunity.OpportunityService;
import dev.crmplatform.sales.opportunity.OpportunityView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lead conversion. The customer is found in the replica by the lead's email or created in customer-service (remote,
 * OUTSIDE any database transaction, so no connection or lock is held while waiting). Then ONE transaction locks the
 * lead, creates the opportunity, marks the lead CONVERTED and publishes {@code lead.converted}. A repeat returns
 * the same ids: the lead remembers them, and customer-service's Idempotency-Key ({@code lead-convert-<leadId>})
 * returns the same customer to a retried create.
 */
@Service
public class LeadConversionService {

    private final LeadRepository leads;
    private final CustomerReplica replica;
    private final CustomerReplicaWriter replicaWriter;
    private final CustomerServiceClient customerService;
    private final OpportunityService opportunities;
    private final SalesEvents events;
    private final LeadConversionProperties properties;
    private final TransactionTemplate transactions;
    private final TransactionTemplate readOnly;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    public LeadConversionService(LeadRepository leads, CustomerReplica replica, CustomerReplicaWriter replicaWriter,
                                 CustomerServiceClient customerService, OpportunityService opportunities,
                                 SalesEvents events, LeadConversionProperties properties,
                                 PlatformTransactionManager transactionManager, JsonMapper json) {
        this.leads = leads;
        this.replica = replica;
        this.replicaWriter = replicaWriter;
        this.customerService = customerService;
        this.opportunities = opportunities;
        this.events = events;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.json = json;
    }

    /** @param customerCreated true when conversion created the customer */
    public record Conversion(UUID leadId, UUID customerId, UUID opportunityId, boolean customerCreated) {
    }

    /** The customer to convert into, and (when it may be missing from the replica) its state from customer-service. */
    private record ChosenCustomer(UUID id, boolean created, Customer state) {
    }

    public Conversion convert(UUID leadId, LeadConvertRequest request) {
        UUID tenant = TenantContext.require();
        LeadRow lead = readOnly.execute(status -> leads.find(tenant, leadId))
                .orElseThrow(() -> LeadService.notFound(leadId));
        if (lead.converted()) {
            return conversionOf(lead);
        }
        requireConvertible(lead);
        LeadConvertRequest options = request == null ? new LeadConvertRequest() : request;

        ChosenCustomer customer = chooseCustomer(tenant, lead);

        return transactions.execute(status -> {
            LeadRow locked = leads.lock(tenant, leadId).orElseThrow(() -> LeadService.notFound(leadId));
            if (locked.converted()) {
                return conversionOf(locked);
            }
            requireConvertible(locked);
            if (customer.state() != null) {
                // Read-your-writes: the customer's created event may not have reached the replica yet. The version
                // keeps last-writer-wins intact when the event (or a newer one) arrives.
                CustomerState state = json.convertValue(customer.state(), CustomerState.class);
                replicaWriter.upsert(tenant, state, state.getVersion());
            }
            OpportunityView opportunity = opportunities.findByLead(leadId)
                    .orElseGet(() -> opportunities.create(newOpportunity(locked, customer.id(), options)));
            LeadRow converted = leads.markConverted(tenant, leadId, customer.id(), opportunity.id(),
                    customer.created(), CurrentActor.id());
            events.publish(SalesEvents.LEAD_CONVERTED, customer.id(), leadId, converted.version(), new LeadConverted()
                    .leadId(leadId)
                    .customerId(customer.id())
                    .opportunityId(opportunity.id())
                    .customerCreated(customer.created())
                    .campaignId(converted.data().campaignId())
                    .ownerId(converted.ownerId())
                    .convertedAt(converted.convertedAt()));
            return conversionOf(converted);
        });
    }

    private ChosenCustomer chooseCustomer(UUID tenant, LeadRow lead) {
        if (lead.data().email() != null) {
            var existing = readOnly.execute(status -> replica.findActiveByEmail(lead.data().email()));
            if (existing != null && existing.isPresent()) {
                return new ChosenCustomer(existing.get().id(), false, null);
            }
        }
        String token = CurrentActor.jwt().map(Jwt::getTokenValue).orElse(null);
        return switch (customerService.createCustomer(customerRequest(lead), "lead-convert-" + lead.id(), token)) {
            case CustomerServiceClient.CreateResult.Created created ->
                    new ChosenCustomer(created.customer().getId(), true, created.customer());
            case CustomerServiceClient.CreateResult.Duplicate duplicate -> {
                boolean known = Boolean.TRUE.equals(readOnly.execute(status ->
                        replica.find(duplicate.existingId()).isPresent()));
                yield new ChosenCustomer(duplicate.existingId(), false,
                        known ? null : customerService.getCustomer(duplicate.existingId(), token));
            }
        };
    }

    private static CustomerCreateRequest customerRequest(LeadRow lead) {
        LeadData d = lead.data();
        CustomerCreateRequest request = new CustomerCreateRequest();
        if (d.firstName() != null || d.lastName() != null) {
            request.type(CustomerType.PERSON).firstName(d.firstName()).lastName(d.lastName());
        } else {
            request.type(CustomerType.ORGANIZATION).organizationName(d.company());
        }
        if (d.email() != null) {
            request.emails(List.of(new Email().address(d.email()).primary(true)));
        }
        if (d.phone() != null) {
            request.phones(List.of(new Phone().number(d.phone()).primary(true)));
        }
        if (d.country() != null) {
            request.addresses(List.of(new Address().country(d.country())));
        }
        return request.lifecycleStage(LifecycleStage.PROSPECT).ownerId(lead.ownerId());
    }

    private NewOpportunity newOpportunity(LeadRow lead, UUID customerId, LeadConvertRequest options) {
        LeadData d = lead.data();
        String name = options.getOpportunityName();
        if (name == null || name.isBlank()) {
            String who = d.company() != null ? d.company()
                    : String.join(" ", java.util.stream.Stream.of(d.firstName(), d.lastName())
                            .filter(java.util.Objects::nonNull).toList());
            name = who + " – new business";
        }
        BigDecimal amount = BigDecimal.ZERO;
        String currency = properties.defaultCurrency();
        if (options.getAmount() != null) {
            amount = new BigDecimal(options.getAmount().getAmount());
            currency = options.getAmount().getCurrency();
        }
        LocalDate close = options.getExpectedCloseDate() != null ? options.getExpectedCloseDate()
                : LocalDate.now(clock).plusDays(properties.defaultCloseDays());
        return new NewOpportunity(customerId, name, amount, currency, close, OpportunityStage.PROSPECTING,
                lead.ownerId()).fromLead(lead.id());
    }

    private static void requireConvertible(LeadRow lead) {
        if ("DISQUALIFIED".equals(lead.status()) || lead.anonymised()) {
            throw new BusinessRuleException("lead-not-convertible", "Lead cannot be converted",
                    "Lead " + lead.id() + (lead.anonymised() ? " was anonymised" : " is DISQUALIFIED; reopen it first")
                            + ".");
        }
    }

    private static Conversion conversionOf(LeadRow lead) {
        return new Conversion(lead.id(), lead.convertedCustomerId(), lead.convertedOpportunityId(),
                Boolean.TRUE.equals(lead.convertedCustomerCreated()));
    }
}
