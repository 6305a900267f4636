package dev.crmplatform.sales.opportunity;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An opportunity as stored, with its lines in position order. Amounts are as stored (4 decimals). */
public record OpportunityView(UUID id, UUID customerId, String name, BigDecimal amount, String currency,
                              LocalDate expectedCloseDate, OpportunityStage stage, int probability, String ownerId,
                              String lostReason, OffsetDateTime closedAt, UUID leadId, UUID sourceContractId,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt, String createdBy, String updatedBy,
                              long version, List<LineView> lines) {

    public boolean closed() {
        return stage == OpportunityStage.CLOSED_WON || stage == OpportunityStage.CLOSED_LOST;
    }

    OpportunityView withLines(List<LineView> newLines) {
        return new OpportunityView(id, customerId, name, amount, currency, expectedCloseDate, stage, probability,
                ownerId, lostReason, closedAt, leadId, sourceContractId, createdAt, updatedAt, createdBy, updatedBy,
                version, List.copyOf(newLines));
    }

    public record LineView(UUID id, int position, UUID productId, String description, BigDecimal quantity,
                           BigDecimal unitPrice, String currency) {
    }
}
