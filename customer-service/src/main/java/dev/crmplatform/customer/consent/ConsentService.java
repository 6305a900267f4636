package dev.crmplatform.customer.consent;

import dev.crmplatform.contracts.customer.model.ConsentUpdateRequest;
import dev.crmplatform.contracts.events.customer.CustomerConsentChanged;
import dev.crmplatform.customer.consent.ConsentRepository.ConsentChange;
import dev.crmplatform.customer.consent.ConsentRepository.CurrentConsent;
import dev.crmplatform.customer.customers.CustomerEvents;
import dev.crmplatform.customer.customers.CustomerRepository;
import dev.crmplatform.customer.customers.CustomerService;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consent per channel and purpose. A PUT replaces the current consent of its channel and purpose (last write wins,
 * as the API promises, whatever {@code changedAt} says: the caller may back-date it to when the customer signed)
 * and appends to the history.
 *
 * <p>Re-stating the status a consent already has is a change too: it is recorded in the history, refreshes the
 * current source and time, bumps the customer's version and emits {@code consent-changed} with
 * {@code previousStatus == status}. Consumers need the fresh source and time as proof of consent, and applying the
 * event again is harmless for them. Only an exact replay (same status, source and {@code changedAt}, which a client
 * can only produce by sending an explicit {@code changedAt}, e.g. when retrying) changes nothing, as PUT is
 * idempotent.
 */
@Service
public class ConsentService {

    /** Tolerance for callers' clocks when checking that {@code changedAt} is not in the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    static final String CHANGE_TYPE = "CONSENT_CHANGED";

    private final ConsentRepository consents;
    private final CustomerRepository customerRepository;
    private final CustomerService customers;
    private final CustomerEvents events;
    private final Clock clock;

    public ConsentService(ConsentRepository consents, CustomerRepository customerRepository, CustomerService customers,
                          CustomerEvents events) {
        this.consents = consents;
        this.customerRepository = customerRepository;
        this.customers = customers;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    @Transactional(readOnly = true)
    public CustomerConsentsView get(UUID customerId) {
        UUID tenant = TenantContext.require();
        customerRepository.findState(tenant, customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
        return view(tenant, customerId);
    }

    @Transactional
    public CustomerConsentsView put(UUID customerId, ConsentUpdateRequest request) {
        UUID tenant = TenantContext.require();
        // Locks the customer row: consent changes of one customer are serialised with each other, with other
        // customer writes (the version bump) and with erasure. 404 unknown, 422 merged or erased.
        customers.lockWritable(tenant, customerId);

        String channel = request.getChannel().getValue();
        String purpose = request.getPurpose().getValue();
        String status = request.getStatus().getValue();
        String source = request.getSource().strip();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // Outside years 0001-9999 it was refused while the body was read (platform SupportedDateDeserializer).
        Instant changedAt = request.getChangedAt() == null ? now
                : request.getChangedAt().toInstant().truncatedTo(ChronoUnit.MICROS);
        validate(source, changedAt, now);

        Optional<CurrentConsent> current = consents.find(tenant, customerId, channel, purpose);
        if (isReplay(current, status, source, changedAt)) {
            return view(tenant, customerId);
        }

        String actor = CurrentActor.id();
        String previousStatus = current.map(CurrentConsent::status).orElse(null);
        ConsentChange change = new ConsentChange(channel, purpose, status, previousStatus, source, changedAt, null,
                actor);
        consents.upsert(tenant, customerId, change);
        consents.appendHistory(tenant, customerId, change);
        long version = consents.bumpCustomerVersion(tenant, customerId, actor);
        customerRepository.recordChange(tenant, customerId, CHANGE_TYPE, actor);

        events.publish(CustomerEvents.CONSENT_CHANGED, customerId.toString(), version, new CustomerConsentChanged()
                .customerId(customerId)
                .channel(dev.crmplatform.contracts.events.customer.ConsentChannel.fromValue(channel))
                .purpose(dev.crmplatform.contracts.events.customer.ConsentPurpose.fromValue(purpose))
                .status(dev.crmplatform.contracts.events.customer.ConsentStatus.fromValue(status))
                .previousStatus(previousStatus == null ? null
                        : dev.crmplatform.contracts.events.customer.ConsentStatus.fromValue(previousStatus))
                .source(source)
                .changedAt(changedAt.atOffset(ZoneOffset.UTC)));
        return view(tenant, customerId);
    }

    /** Current consents and history of a customer, for the API and the export. The caller checks the customer. */
    public CustomerConsentsView view(UUID tenant, UUID customerId) {
        return new CustomerConsentsView(customerId, consents.findCurrent(tenant, customerId),
                consents.findHistory(tenant, customerId));
    }

    /** True when the request restates the current consent exactly, as a retried PUT does. */
    static boolean isReplay(Optional<CurrentConsent> current, String status, String source, Instant changedAt) {
        return current.filter(c -> c.status().equals(status)
                && Objects.equals(c.source(), source)
                && c.changedAt().equals(changedAt)).isPresent();
    }

    static void validate(String source, Instant changedAt, Instant now) {
        if (source.isEmpty()) {
            throw invalid("source", "must not be blank");
        }
        if (changedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw invalid("changedAt", "must not be in the future");
        }
    }

    private static InvalidRequestException invalid(String field, String message) {
        return new InvalidRequestException("The consent is not valid.", List.of(new FieldErrorView(field, message)));
    }

    public record CustomerConsentsView(UUID customerId, List<CurrentConsent> current, List<ConsentChange> history) {
    }
}
