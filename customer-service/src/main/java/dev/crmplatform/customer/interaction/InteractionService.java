package dev.crmplatform.customer.interaction;

import dev.crmplatform.contracts.customer.model.InteractionCreateRequest;
import dev.crmplatform.customer.customers.CustomerRepository;
import dev.crmplatform.customer.customers.CustomerService;
import dev.crmplatform.customer.interaction.InteractionRepository.InteractionRecord;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shared timeline of notes, calls, meetings and emails. Interactions are not part of the customer's state:
 * logging one neither changes the customer's version nor emits a customer event.
 */
@Service
public class InteractionService {

    private static final Map<String, String> SORTABLE = Map.of("occurredAt", "occurred_at");
    private static final String TIMELINE_SORT = "-occurredAt";

    private final InteractionRepository interactions;
    private final CustomerRepository customerRepository;
    private final CustomerService customers;
    private final Clock clock = Clock.systemUTC();

    public InteractionService(InteractionRepository interactions, CustomerRepository customerRepository,
                              CustomerService customers) {
        this.interactions = interactions;
        this.customerRepository = customerRepository;
        this.customers = customers;
    }

    @Transactional
    public InteractionRecord create(UUID customerId, InteractionCreateRequest request) {
        UUID tenant = TenantContext.require();
        // In the customer's row lock: an interaction logged concurrently with an erasure either commits before it
        // (and is anonymised by it) or sees the customer erased (422), never re-adds personal data afterwards.
        customers.lockWritable(tenant, customerId);
        String summary = request.getSummary().strip();
        if (summary.isEmpty()) {
            throw new InvalidRequestException("The interaction is not valid.",
                    List.of(new FieldErrorView("summary", "must not be blank")));
        }
        // Outside years 0001-9999 it was refused while the body was read (platform SupportedDateDeserializer).
        Instant occurredAt = (request.getOccurredAt() == null ? clock.instant() : request.getOccurredAt().toInstant())
                .truncatedTo(ChronoUnit.MICROS);
        return interactions.insert(tenant, new InteractionRecord(Ids.newId(), customerId,
                request.getType().getValue(), occurredAt, CurrentActor.id(), summary, null));
    }

    @Transactional(readOnly = true)
    public InteractionRecord get(UUID customerId, UUID interactionId) {
        UUID tenant = TenantContext.require();
        return interactions.find(tenant, customerId, interactionId)
                .orElseThrow(() -> new NotFoundException("interaction", interactionId));
    }

    /** Newest first; the only sort the API offers is the timeline's, so it takes no sort parameter. */
    @Transactional(readOnly = true)
    public Page<InteractionRecord> list(UUID customerId, String type, Integer limit, String cursor) {
        UUID tenant = TenantContext.require();
        PageQuery query = PageQuery.of(limit, cursor, null, SORTABLE, TIMELINE_SORT);
        customerRepository.findState(tenant, customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
        return interactions.page(tenant, customerId, type, query);
    }
}
