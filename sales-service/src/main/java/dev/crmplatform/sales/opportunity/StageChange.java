package dev.crmplatform.sales.opportunity;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of an opportunity's stage history; {@code fromStage} is null for the stage it was created in. */
public record StageChange(UUID id, OpportunityStage fromStage, OpportunityStage toStage, OffsetDateTime changedAt,
                          String changedBy) {
}
