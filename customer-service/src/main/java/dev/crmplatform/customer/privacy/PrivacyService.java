package dev.crmplatform.customer.privacy;

import dev.crmplatform.contracts.customer.model.CustomerExport;
import dev.crmplatform.contracts.customer.model.CustomerHistoryEntry;
import dev.crmplatform.contracts.customer.model.Relationship;
import dev.crmplatform.contracts.customer.model.RelationshipDirection;
import dev.crmplatform.contracts.customer.model.RelationshipType;
import dev.crmplatform.contracts.events.customer.CustomerErased;
import dev.crmplatform.customer.consent.ConsentService;
import dev.crmplatform.customer.consent.ConsentsController;
import dev.crmplatform.customer.customers.CustomerEvents;
import dev.crmplatform.customer.customers.CustomerRepository;
import dev.crmplatform.customer.customers.CustomerResponses;
import dev.crmplatform.customer.interaction.InteractionRepository;
import dev.crmplatform.customer.interaction.InteractionsController;
import dev.crmplatform.customer.privacy.PrivacyRepository.RelationshipRow;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GDPR access (export) and erasure for what customer-service holds about a customer.
 *
 * <p>Erasure anonymises in one transaction, under the customer's row lock (which consent and interaction writes
 * take too, so none can slip in after it): the customer's personal fields, its history snapshots, interaction
 * summaries, consent sources and relationship roles; see {@link PrivacyRepository} for what is kept and why.
 * Customers merged into it are erased with it, since their rows hold the same person's earlier data. Then
 * {@code crm.customer.erased.v1} goes out through the outbox for each erased id.
 *
 * <p>Events about the customer that are still unpublished in the outbox keep their personal data and will be
 * published: the outbox is append-only by design and consumers may not skip versions they have not seen. They are
 * harmless because the erased event has the same key (so it is delivered after them on the same partition) and a
 * higher aggregate version, so every consumer applies it last and anonymises what they carried. The relay deletes
 * outbox rows once Kafka acknowledged them; what stays in the topic is bounded by its retention.
 */
@Service
public class PrivacyService {

    private final PrivacyRepository privacy;
    private final CustomerRepository customers;
    private final CustomerResponses responses;
    private final ConsentService consents;
    private final InteractionRepository interactions;
    private final CustomerEvents events;
    private final JsonMapper json;

    public PrivacyService(PrivacyRepository privacy, CustomerRepository customers, CustomerResponses responses,
                          ConsentService consents, InteractionRepository interactions, CustomerEvents events,
                          JsonMapper json) {
        this.privacy = privacy;
        this.customers = customers;
        this.responses = responses;
        this.consents = consents;
        this.interactions = interactions;
        this.events = events;
        this.json = json;
    }

    /** Everything about the customer, read in one snapshot so that its parts agree with each other. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public CustomerExport export(UUID id) {
        UUID tenant = TenantContext.require();
        String state = customers.findState(tenant, id).orElseThrow(() -> new NotFoundException("customer", id));
        CustomerExport export = new CustomerExport()
                .exportedAt(Instant.now().atOffset(ZoneOffset.UTC))
                .customer(responses.toCustomer(state))
                .consents(ConsentsController.toDto(consents.view(tenant, id)))
                .mergedCustomerIds(privacy.mergedInto(tenant, id));
        privacy.relationships(tenant, id).forEach(r -> export.addRelationshipsItem(relationship(id, r)));
        interactions.all(tenant, id).forEach(i -> export.addInteractionsItem(InteractionsController.toDto(i)));
        privacy.history(tenant, id).forEach(change -> export.addHistoryItem(new CustomerHistoryEntry(change.version(),
                change.changeType(), change.changedAt().atOffset(ZoneOffset.UTC), change.changedBy(),
                responses.toCustomer(change.snapshot()))));
        return export;
    }

    /** Erases the customer; erasing an erased customer changes nothing and answers with the original time. */
    @Transactional
    public Erasure erase(UUID id) {
        UUID tenant = TenantContext.require();
        JsonNode state = json.readTree(customers.lockState(tenant, id)
                .orElseThrow(() -> new NotFoundException("customer", id)));
        switch (state.get("status").asString()) {
            case "ERASED" -> {
                return new Erasure(id, privacy.erasedAt(tenant, id).orElseThrow(() ->
                        new IllegalStateException("erased customer " + id + " has no ERASED history entry")));
            }
            case "MERGED" -> {
                // The person's data lives on in the survivor: erasing only this record would leave it there.
                String survivor = state.get("mergedInto").asString();
                throw new BusinessRuleException("merge-not-allowed", "Customer was merged",
                        "Customer " + id + " was merged into " + survivor
                                + "; erase that customer, which erases this record too.")
                        .with("mergedInto", survivor);
            }
            default -> {
            }
        }
        String actor = CurrentActor.id();
        List<UUID> erased = new ArrayList<>();
        erased.add(id);
        erased.addAll(privacy.lockMergedChain(tenant, id));
        Instant erasedAt = null;
        for (UUID customerId : erased) {
            long version = privacy.anonymiseCustomer(tenant, customerId, actor);
            privacy.anonymiseHistorySnapshots(tenant, customerId);
            // The ERASED entry snapshots the anonymised state, so the history keeps the erasure itself.
            customers.recordChange(tenant, customerId, PrivacyRepository.ERASED_CHANGE, actor);
            privacy.eraseInteractionSummaries(tenant, customerId, actor);
            privacy.eraseConsentSources(tenant, customerId, actor);
            privacy.eraseRelationshipRoles(tenant, customerId, actor);
            Instant at = privacy.erasedAt(tenant, customerId).orElseThrow();
            erasedAt = erasedAt == null ? at : erasedAt;
            events.publish(CustomerEvents.ERASED, customerId.toString(), version,
                    new CustomerErased().customerId(customerId).erasedAt(at.atOffset(ZoneOffset.UTC)));
        }
        return new Erasure(id, erasedAt);
    }

    private static Relationship relationship(UUID self, RelationshipRow row) {
        boolean outgoing = row.sourceId().equals(self);
        return new Relationship()
                .id(row.id())
                .type(relationshipType(row.type()))
                .sourceId(row.sourceId())
                .targetId(row.targetId())
                .direction(outgoing ? RelationshipDirection.OUTGOING : RelationshipDirection.INCOMING)
                .otherCustomerId(row.otherId())
                .otherDisplayName(row.otherDisplayName())
                .role(row.role())
                .createdAt(row.createdAt().atOffset(ZoneOffset.UTC))
                .createdBy(row.createdBy());
    }

    /** An export must not fail on a stored type this API version does not know. */
    static RelationshipType relationshipType(String stored) {
        for (RelationshipType type : RelationshipType.values()) {
            if (type.getValue().equals(stored)) {
                return type;
            }
        }
        return RelationshipType.OTHER;
    }

    public record Erasure(UUID customerId, Instant erasedAt) {
    }
}
