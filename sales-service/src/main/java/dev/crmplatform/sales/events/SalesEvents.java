package dev.crmplatform.sales.events;

import dev.crmplatform.platform.outbox.OutboxEvent;
import dev.crmplatform.platform.outbox.OutboxWriter;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Publishes sales events through the outbox, in the caller's transaction, on {@value #TOPIC}. Payload models are
 * generated from contracts/events/sales-events-v1.yaml. Events about a customer are keyed by the customer id
 * (ARCHITECTURE §3) so they stay in order with that customer's other events.
 */
@Component
public class SalesEvents {

    public static final String TOPIC = "crm.sales.events";
    public static final String LEAD_CREATED = "crm.sales.lead.created.v1";
    public static final String LEAD_CONVERTED = "crm.sales.lead.converted.v1";
    public static final String OPPORTUNITY_STAGE_CHANGED = "crm.sales.opportunity.stage-changed.v1";
    public static final String OPPORTUNITY_WON = "crm.sales.opportunity.won.v1";
    public static final String OPPORTUNITY_LOST = "crm.sales.opportunity.lost.v1";
    public static final String ORDER_PLACED = "crm.sales.order.placed.v1";
    public static final String PAYMENT_RECEIVED = "crm.sales.payment.received.v1";
    public static final String CONTRACT_RENEWAL_DUE = "crm.sales.contract.renewal-due.v1";

    private final OutboxWriter outbox;

    public SalesEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    /**
     * @param key              the customer id when the event concerns a customer, else the aggregate id
     * @param aggregateId      the changed aggregate (lead, opportunity, order, contract)
     * @param aggregateVersion its version after the change
     */
    public void publish(String type, UUID key, UUID aggregateId, long aggregateVersion, Object payload) {
        outbox.append(new OutboxEvent(TOPIC, key.toString(), type, key.toString(), aggregateId.toString(),
                aggregateVersion, payload));
    }
}
