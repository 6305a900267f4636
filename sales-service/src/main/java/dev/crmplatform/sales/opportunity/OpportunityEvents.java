package dev.crmplatform.sales.opportunity;

import dev.crmplatform.contracts.events.sales.OpportunityLost;
import dev.crmplatform.contracts.events.sales.OpportunityStageChanged;
import dev.crmplatform.contracts.events.sales.OpportunityWon;
import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.sales.events.SalesEvents;
import dev.crmplatform.sales.product.Amounts;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Opportunity events through the outbox, keyed by the customer id. */
@Component
class OpportunityEvents {

    private final SalesEvents events;

    OpportunityEvents(SalesEvents events) {
        this.events = events;
    }

    void stageChanged(OpportunityView o, OpportunityStage from) {
        events.publish(SalesEvents.OPPORTUNITY_STAGE_CHANGED, o.customerId(), o.id(), o.version(),
                new OpportunityStageChanged(o.id(), o.customerId(), eventStage(o.stage()),
                        Amounts.eventMoney(o.amount(), o.currency()), o.updatedAt())
                        .fromStage(from == null ? null : eventStage(from))
                        .ownerId(o.ownerId())
                        .expectedCloseDate(o.expectedCloseDate()));
    }

    void won(OpportunityView o, UUID quoteId, UUID orderId) {
        events.publish(SalesEvents.OPPORTUNITY_WON, o.customerId(), o.id(), o.version(),
                new OpportunityWon(o.id(), o.customerId(), Amounts.eventMoney(o.amount(), o.currency()), closedAt(o))
                        .ownerId(o.ownerId())
                        .quoteId(quoteId)
                        .orderId(orderId));
    }

    void lost(OpportunityView o) {
        events.publish(SalesEvents.OPPORTUNITY_LOST, o.customerId(), o.id(), o.version(),
                new OpportunityLost(o.id(), o.customerId(), Amounts.eventMoney(o.amount(), o.currency()),
                        o.lostReason(), closedAt(o))
                        .ownerId(o.ownerId()));
    }

    private static OffsetDateTime closedAt(OpportunityView o) {
        return o.closedAt() != null ? o.closedAt() : o.updatedAt();
    }

    private static dev.crmplatform.contracts.events.sales.OpportunityStage eventStage(OpportunityStage stage) {
        return dev.crmplatform.contracts.events.sales.OpportunityStage.fromValue(stage.getValue());
    }
}
