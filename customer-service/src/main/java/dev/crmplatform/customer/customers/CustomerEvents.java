package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.events.customer.CustomerCreated;
import dev.crmplatform.contracts.events.customer.CustomerState;
import dev.crmplatform.contracts.events.customer.CustomerUpdated;
import dev.crmplatform.platform.outbox.OutboxEvent;
import dev.crmplatform.platform.outbox.OutboxWriter;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes customer events through the outbox, in the caller's transaction, on {@value #TOPIC} keyed by customer id.
 * The payload models are generated from contracts/events/customer-events-v1.yaml.
 */
@Component
public class CustomerEvents {

    public static final String TOPIC = "crm.customer.events";
    public static final String CREATED = "crm.customer.created.v1";
    public static final String UPDATED = "crm.customer.updated.v1";
    public static final String MERGED = "crm.customer.merged.v1";
    public static final String ERASED = "crm.customer.erased.v1";
    public static final String CONSENT_CHANGED = "crm.customer.consent-changed.v1";

    private final OutboxWriter outbox;
    private final JsonMapper json;

    public CustomerEvents(OutboxWriter outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    public void created(String stateJson) {
        CustomerState state = state(stateJson);
        publish(CREATED, state.getId().toString(), state.getVersion(), new CustomerCreated().customer(state));
    }

    public void updated(String stateJson, List<String> changedFields) {
        CustomerState state = state(stateJson);
        publish(UPDATED, state.getId().toString(), state.getVersion(),
                new CustomerUpdated().customer(state).changedFields(changedFields));
    }

    /** For events about a customer whose payload is not its state (merged, erased, consent). */
    public void publish(String type, String customerId, long aggregateVersion, Object payload) {
        outbox.append(new OutboxEvent(TOPIC, customerId, type, customerId, customerId, aggregateVersion, payload));
    }

    public CustomerState state(String stateJson) {
        return json.readValue(stateJson, CustomerState.class);
    }
}
