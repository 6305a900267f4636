package dev.crmplatform.sales.customer;

import dev.crmplatform.contracts.events.customer.CustomerCreated;
import dev.crmplatform.contracts.events.customer.CustomerErased;
import dev.crmplatform.contracts.events.customer.CustomerMerged;
import dev.crmplatform.contracts.events.customer.CustomerUpdated;
import dev.crmplatform.platform.events.IncomingEvent;
import dev.crmplatform.platform.events.InvalidEventException;
import dev.crmplatform.platform.inbox.Inbox;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code customer_replica} from customer-service's events, through the inbox: each event is applied at most
 * once (by its id), and an event older than the version already applied for that customer is skipped (last writer
 * wins on {@code aggregateversion}; the key is per tenant and customer). Types this service does not need are
 * ignored.
 */
@Component
public class CustomerEventsListener {

    public static final String TOPIC = "crm.customer.events";
    public static final String CREATED = "crm.customer.created.v1";
    public static final String UPDATED = "crm.customer.updated.v1";
    public static final String MERGED = "crm.customer.merged.v1";
    public static final String ERASED = "crm.customer.erased.v1";
    public static final String CONSENT_CHANGED = "crm.customer.consent-changed.v1";
    private static final Set<String> APPLIED = Set.of(CREATED, UPDATED, MERGED, ERASED, CONSENT_CHANGED);

    private static final Logger log = LoggerFactory.getLogger(CustomerEventsListener.class);

    private final Inbox inbox;
    private final CustomerReplicaWriter replica;

    public CustomerEventsListener(Inbox inbox, CustomerReplicaWriter replica) {
        this.inbox = inbox;
        this.replica = replica;
    }

    @KafkaListener(id = "sales-customer-replica", topics = TOPIC,
            groupId = "${crm.sales.customer-replica.group-id:sales-service.customer-replica}")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!APPLIED.contains(event.type())) {
            return;
        }
        if (event.tenant() == null || event.subject() == null) {
            throw new InvalidEventException("Customer event " + event.id() + " without tenant or subject");
        }
        UUID customerId = uuid(event.subject(), event);
        boolean applied = inbox.process(event, aggregateKey(event.tenant(), customerId), this::apply);
        log.debug("customer event {} {} v{}: {}", event.type(), customerId, event.aggregateVersion(),
                applied ? "applied" : "duplicate or stale");
    }

    static String aggregateKey(UUID tenant, UUID customerId) {
        return "customer:" + tenant + ":" + customerId;
    }

    private void apply(IncomingEvent event) {
        UUID tenant = event.tenant();
        long version = event.aggregateVersion();
        switch (event.type()) {
            case CREATED -> replica.upsert(tenant, event.dataAs(CustomerCreated.class).getCustomer(), version);
            case UPDATED -> replica.upsert(tenant, event.dataAs(CustomerUpdated.class).getCustomer(), version);
            case MERGED -> {
                CustomerMerged merged = event.dataAs(CustomerMerged.class);
                if (merged.getSurvivor() != null) {
                    // LWW on the survivor's row too; its own updated event follows and is then a no-op.
                    replica.upsert(tenant, merged.getSurvivor(), merged.getSurvivor().getVersion());
                }
                int repointed = replica.merge(tenant, merged.getMergedId(), merged.getSurvivorId(), version);
                log.info("customer {} merged into {}: {} sales rows re-pointed", merged.getMergedId(),
                        merged.getSurvivorId(), repointed);
            }
            case ERASED -> {
                CustomerErased erased = event.dataAs(CustomerErased.class);
                int leads = replica.erase(tenant, erased.getCustomerId(), version);
                log.info("customer {} erased: replica and {} lead(s) anonymised", erased.getCustomerId(), leads);
            }
            case CONSENT_CHANGED -> replica.advanceVersion(tenant, uuid(event.subject(), event), version);
            default -> throw new IllegalStateException("unexpected type " + event.type());
        }
    }

    private static UUID uuid(String value, IncomingEvent event) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Customer event " + event.id() + " has a malformed subject", e);
        }
    }
}
