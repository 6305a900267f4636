package dev.crmplatform.customer.relationship;

import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.ConflictException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Typed links between two customers of one tenant. A link is stored once (source TYPE target) and read from either
 * end. Relationships are not part of a customer's state, so adding or removing one changes no customer version and
 * publishes no customer event.
 */
@Service
public class RelationshipService {

    static final String SELF_RELATIONSHIP = "self-relationship";
    static final String RELATED_CUSTOMER_NOT_FOUND = "related-customer-not-found";
    static final String RELATED_CUSTOMER_INACTIVE = "related-customer-inactive";

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "r.created_at");

    private final RelationshipRepository relationships;

    public RelationshipService(RelationshipRepository relationships) {
        this.relationships = relationships;
    }

    /**
     * Creates "source TYPE target". The source (the customer in the path) must exist (404) and be writable; the
     * target must be another customer of the tenant (422 otherwise, since it is part of the body, not the URL).
     */
    @Transactional
    public RelationshipRepository.Row add(UUID source, UUID target, String type, String role) {
        UUID tenant = TenantContext.require();
        if (source.equals(target)) {
            // an unknown (or other tenant's) id in the URL is 404 whatever the body says
            requireExists(tenant, source);
            throw new BusinessRuleException(SELF_RELATIONSHIP, "Relationship to itself",
                    "A customer cannot have a relationship with itself.");
        }
        List<RelationshipRepository.End> ends = relationships.lockEnds(tenant, source, target);
        String sourceStatus = statusOf(ends, source);
        String targetStatus = statusOf(ends, target);
        if (sourceStatus == null) {
            throw new NotFoundException("customer", source);
        }
        requireLinkable(source, sourceStatus, false);
        if (targetStatus == null) {
            throw new BusinessRuleException(RELATED_CUSTOMER_NOT_FOUND, "Related customer not found",
                    "Customer " + target + " (targetId) was not found.");
        }
        requireLinkable(target, targetStatus, true);

        UUID id = relationships.insert(tenant, Ids.newId(), source, target, type, role, CurrentActor.id())
                .orElseThrow(() -> new ConflictException("This relationship exists already.")
                        .with("existingId", relationships.findId(tenant, source, target, type).orElse(null)));
        return relationships.find(tenant, source, id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public RelationshipRepository.Row get(UUID customer, UUID relationshipId) {
        UUID tenant = TenantContext.require();
        return relationships.find(tenant, customer, relationshipId)
                .orElseThrow(() -> new NotFoundException("relationship", relationshipId));
    }

    /** Either end may remove the link; answers what was removed. */
    @Transactional
    public RelationshipRepository.Row remove(UUID customer, UUID relationshipId) {
        UUID tenant = TenantContext.require();
        RelationshipRepository.Row row = relationships.find(tenant, customer, relationshipId)
                .orElseThrow(() -> new NotFoundException("relationship", relationshipId));
        relationships.delete(tenant, relationshipId);
        return row;
    }

    /**
     * @param outgoing null for both directions, true for links where the customer is the source, false for target
     */
    @Transactional(readOnly = true)
    public Page<RelationshipRepository.Row> list(UUID customer, Integer limit, String cursor, String type,
                                                 Boolean outgoing) {
        PageQuery query = PageQuery.of(limit, cursor, null, SORTABLE, "createdAt");
        UUID tenant = TenantContext.require();
        requireExists(tenant, customer);
        Keyset keyset = Keyset.of(query, "r.id");
        List<RelationshipRepository.Row> rows = relationships.page(tenant, customer, type, outgoing, keyset);
        return keyset.page(rows, (row, field) -> Keyset.ID.equals(field) ? row.id() : row.createdAt());
    }

    private void requireExists(UUID tenant, UUID customer) {
        if (!relationships.customerExists(tenant, customer)) {
            throw new NotFoundException("customer", customer);
        }
    }

    private static String statusOf(List<RelationshipRepository.End> ends, UUID id) {
        return ends.stream().filter(e -> e.id().equals(id)).map(RelationshipRepository.End::status).findFirst()
                .orElse(null);
    }

    /** Merged and erased customers are tombstones: links to or from them would never be seen again. */
    private static void requireLinkable(UUID id, String status, boolean isTarget) {
        if (!"MERGED".equals(status) && !"ERASED".equals(status)) {
            return;
        }
        if (isTarget) {
            throw new BusinessRuleException(RELATED_CUSTOMER_INACTIVE, "Related customer is " + status.toLowerCase(),
                    "Customer " + id + " (targetId) was " + status.toLowerCase() + " and cannot be linked.");
        }
        if ("MERGED".equals(status)) {
            throw new BusinessRuleException("merge-not-allowed", "Customer was merged",
                    "Customer " + id + " was merged into another customer and can no longer be changed.");
        }
        throw new BusinessRuleException("customer-erased", "Customer was erased",
                "Customer " + id + " was erased and can no longer be changed.");
    }
}
