package dev.crmplatform.customer.consent;

import dev.crmplatform.contracts.customer.api.ConsentsApi;
import dev.crmplatform.contracts.customer.model.Consent;
import dev.crmplatform.contracts.customer.model.ConsentChannel;
import dev.crmplatform.contracts.customer.model.ConsentHistoryEntry;
import dev.crmplatform.contracts.customer.model.ConsentPurpose;
import dev.crmplatform.contracts.customer.model.ConsentStatus;
import dev.crmplatform.contracts.customer.model.ConsentUpdateRequest;
import dev.crmplatform.contracts.customer.model.CustomerConsents;
import dev.crmplatform.customer.consent.ConsentService.CustomerConsentsView;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ConsentsController implements ConsentsApi {

    private final ConsentService service;

    public ConsentsController(ConsentService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<CustomerConsents> getConsents(UUID id) {
        return ResponseEntity.ok(toDto(service.get(id)));
    }

    @Override
    public ResponseEntity<CustomerConsents> putConsent(UUID id, ConsentUpdateRequest request) {
        return ResponseEntity.ok(toDto(service.put(id, request)));
    }

    /** Shared with the privacy export. */
    public static CustomerConsents toDto(CustomerConsentsView view) {
        CustomerConsents dto = new CustomerConsents().customerId(view.customerId());
        view.current().forEach(c -> dto.addCurrentItem(new Consent()
                .channel(ConsentChannel.fromValue(c.channel()))
                .purpose(ConsentPurpose.fromValue(c.purpose()))
                .status(ConsentStatus.fromValue(c.status()))
                .source(c.source())
                .changedAt(utc(c.changedAt()))
                .recordedBy(c.recordedBy())));
        view.history().forEach(h -> dto.addHistoryItem(new ConsentHistoryEntry()
                .channel(ConsentChannel.fromValue(h.channel()))
                .purpose(ConsentPurpose.fromValue(h.purpose()))
                .status(ConsentStatus.fromValue(h.status()))
                .previousStatus(h.previousStatus() == null ? null : ConsentStatus.fromValue(h.previousStatus()))
                .source(h.source())
                .changedAt(utc(h.changedAt()))
                .recordedAt(utc(h.recordedAt()))
                .recordedBy(h.recordedBy())));
        return dto;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
