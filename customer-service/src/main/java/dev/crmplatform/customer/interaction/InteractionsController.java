package dev.crmplatform.customer.interaction;

import dev.crmplatform.contracts.customer.api.InteractionsApi;
import dev.crmplatform.contracts.customer.model.Interaction;
import dev.crmplatform.contracts.customer.model.InteractionCreateRequest;
import dev.crmplatform.contracts.customer.model.InteractionPage;
import dev.crmplatform.contracts.customer.model.InteractionType;
import dev.crmplatform.customer.interaction.InteractionRepository.InteractionRecord;
import dev.crmplatform.platform.web.paging.Page;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class InteractionsController implements InteractionsApi {

    private final InteractionService service;

    public InteractionsController(InteractionService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<Interaction> createInteraction(UUID id, InteractionCreateRequest request,
                                                         String idempotencyKey) {
        InteractionRecord created = service.create(id, request);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/customers/" + id + "/interactions/" + created.id()))
                .body(toDto(created));
    }

    @Override
    public ResponseEntity<Interaction> getInteraction(UUID id, UUID interactionId) {
        return ResponseEntity.ok(toDto(service.get(id, interactionId)));
    }

    @Override
    public ResponseEntity<InteractionPage> listInteractions(UUID id, Integer limit, String cursor,
                                                            InteractionType type) {
        Page<InteractionRecord> page = service.list(id, type == null ? null : type.getValue(), limit, cursor);
        InteractionPage dto = new InteractionPage().nextCursor(page.nextCursor());
        page.items().forEach(item -> dto.addItemsItem(toDto(item)));
        return ResponseEntity.ok(dto);
    }

    /** Shared with the privacy export. */
    public static Interaction toDto(InteractionRecord record) {
        return new Interaction()
                .id(record.id())
                .customerId(record.customerId())
                .type(InteractionType.fromValue(record.type()))
                .occurredAt(record.occurredAt().atOffset(ZoneOffset.UTC))
                .actor(record.actor())
                .summary(record.summary())
                .createdAt(record.createdAt().atOffset(ZoneOffset.UTC));
    }
}
