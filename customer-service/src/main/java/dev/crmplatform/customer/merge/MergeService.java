package dev.crmplatform.customer.merge;

import dev.crmplatform.contracts.customer.model.Customer;
import dev.crmplatform.contracts.events.customer.CustomerMerged;
import dev.crmplatform.customer.customers.CustomerData;
import dev.crmplatform.customer.customers.CustomerEvents;
import dev.crmplatform.customer.customers.CustomerLimits;
import dev.crmplatform.customer.customers.CustomerRepository;
import dev.crmplatform.customer.customers.CustomerResponses;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Merges a duplicate customer into a survivor in one transaction: the survivor absorbs the duplicate's data
 * ({@link CustomerMerger}), relationships, interactions and consents; the duplicate becomes a MERGED tombstone
 * pointing at the survivor; both changes are recorded in the history and published through the outbox.
 */
@Service
public class MergeService {

    public static final String MERGE_NOT_ALLOWED = "merge-not-allowed";

    /** State members that are bookkeeping, not data: never reported as changed fields. */
    private static final Set<String> BOOKKEEPING = Set.of("id", "version", "createdAt", "createdBy", "updatedAt",
            "updatedBy");

    private final CustomerRepository customers;
    private final MergeRepository merges;
    private final CustomerEvents events;
    private final CustomerResponses responses;
    private final JsonMapper json;

    public MergeService(CustomerRepository customers, MergeRepository merges, CustomerEvents events,
                        CustomerResponses responses, JsonMapper json) {
        this.customers = customers;
        this.merges = merges;
        this.events = events;
        this.responses = responses;
        this.json = json;
    }

    /**
     * @param expectedVersion the survivor's version from If-Match, or null when the client sent none
     * @return the survivor's new state
     */
    @Transactional
    public String merge(UUID survivorId, UUID duplicateId, Long expectedVersion) {
        UUID tenant = TenantContext.require();
        if (survivorId.equals(duplicateId)) {
            // 404 first: a merge of an unknown id with itself is a bad URL, not a rule violation
            customers.findState(tenant, survivorId).orElseThrow(() -> new NotFoundException("customer", survivorId));
            throw notAllowed("A customer cannot be merged with itself.");
        }
        // Both rows locked in id order: two merges of the same pair in opposite directions (or a merge racing a
        // patch) wait for each other instead of deadlocking.
        boolean survivorFirst = survivorId.compareTo(duplicateId) < 0;
        String first = lock(tenant, survivorFirst ? survivorId : duplicateId);
        String second = lock(tenant, survivorFirst ? duplicateId : survivorId);
        Customer survivor = responses.toCustomer(survivorFirst ? first : second);
        Customer duplicate = responses.toCustomer(survivorFirst ? second : first);

        requireMergeable(survivor, "The customer");
        requireMergeable(duplicate, "The duplicate");
        if (survivor.getType() != duplicate.getType()) {
            throw notAllowed("A " + survivor.getType() + " cannot absorb an " + duplicate.getType()
                    + "; link them with a relationship instead.");
        }
        if (expectedVersion != null) {
            ETags.checkVersion(expectedVersion, survivor.getVersion());
        }

        String actor = CurrentActor.id();
        CustomerData merged = CustomerMerger.merge(survivor, duplicate);
        CustomerLimits.require(merged, "The merge");
        String survivorState = customers.update(tenant, survivorId, survivor.getVersion(), merged, actor)
                .orElseThrow(() -> new IllegalStateException("customer " + survivorId + " changed under its row lock"));
        merges.moveRelationships(tenant, survivorId, duplicateId, actor);
        merges.moveInteractions(tenant, survivorId, duplicateId, actor);
        merges.moveConsents(tenant, survivorId, duplicateId, actor);
        String duplicateState = customers.changeStatus(tenant, duplicateId, duplicate.getStatus().getValue(), "MERGED",
                        survivorId, actor)
                .orElseThrow(() -> new IllegalStateException("customer " + duplicateId + " changed under its row lock"));

        customers.recordChange(tenant, survivorId, "MERGED_DUPLICATE", actor);
        customers.recordChange(tenant, duplicateId, "MERGED", actor);

        // merged is keyed by the duplicate (ordered after its earlier events), updated by the survivor
        Customer tombstone = responses.toCustomer(duplicateState);
        events.publish(CustomerEvents.MERGED, duplicateId.toString(), tombstone.getVersion(), new CustomerMerged()
                .survivorId(survivorId)
                .mergedId(duplicateId)
                .mergedAt(tombstone.getUpdatedAt())
                .survivor(events.state(survivorState)));
        events.updated(survivorState, changedFields(survivorFirst ? first : second, survivorState));
        return survivorState;
    }

    private String lock(UUID tenant, UUID id) {
        return customers.lockState(tenant, id).orElseThrow(() -> new NotFoundException("customer", id));
    }

    private static void requireMergeable(Customer customer, String which) {
        switch (customer.getStatus()) {
            case MERGED -> throw notAllowed(which + " " + customer.getId() + " was already merged into "
                    + customer.getMergedInto() + ".");
            case ERASED -> throw notAllowed(which + " " + customer.getId() + " was erased.");
            default -> { }
        }
    }

    private static BusinessRuleException notAllowed(String detail) {
        return new BusinessRuleException(MERGE_NOT_ALLOWED, "Merge not allowed", detail);
    }

    /** Top-level state members whose value differs, for the updated event. */
    List<String> changedFields(String before, String after) {
        JsonNode old = json.readTree(before);
        JsonNode now = json.readTree(after);
        List<String> changed = new ArrayList<>();
        now.propertyNames().forEach(name -> {
            if (!BOOKKEEPING.contains(name) && !now.get(name).equals(old.get(name))) {
                changed.add(name);
            }
        });
        return changed;
    }
}
