package dev.crmplatform.sales.lead;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A stored lead. {@code scoreExplanation} is the JSON array of {rule, points}. */
public record LeadRow(UUID id, LeadData data, String status, String disqualifiedReason, int score,
                      String scoreExplanation, String ownerId, String assignmentRule, UUID convertedCustomerId,
                      UUID convertedOpportunityId, OffsetDateTime convertedAt, Boolean convertedCustomerCreated,
                      boolean anonymised,
                      OffsetDateTime createdAt, OffsetDateTime updatedAt, String createdBy, String updatedBy,
                      long version) {

    public boolean converted() {
        return "CONVERTED".equals(status);
    }
}
