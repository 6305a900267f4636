package dev.crmplatform.sales.support;

import dev.crmplatform.contracts.events.customer.CustomerCreated;
import dev.crmplatform.contracts.events.customer.CustomerErased;
import dev.crmplatform.contracts.events.customer.LifecycleStage;
import dev.crmplatform.contracts.events.customer.CustomerMerged;
import dev.crmplatform.contracts.events.customer.CustomerState;
import dev.crmplatform.contracts.events.customer.CustomerStatus;
import dev.crmplatform.contracts.events.customer.CustomerType;
import dev.crmplatform.contracts.events.customer.CustomerUpdated;
import dev.crmplatform.contracts.events.customer.EmailState;
import dev.crmplatform.contracts.events.customer.MoneyState;
import dev.crmplatform.platform.events.CloudEventHeaders;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.test.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes customer events to crm.customer.events exactly as customer-service's outbox relay does: keyed by the
 * customer id, CloudEvents binary mode ({@code ce_*} headers incl. tenantid and aggregateversion), JSON payloads of
 * the generated event models.
 */
public final class CustomerEventPublisher implements AutoCloseable {

    public static final String TOPIC = "crm.customer.events";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));

    /** An event as sent; {@link #send(Sent)} sends it again (a redelivery: same id). */
    public record Sent(UUID eventId, UUID tenant, String type, UUID subject, long version, byte[] payload) {
    }

    /** A customer's state as customer-service publishes it (person, one primary email, optional credit limit). */
    public static CustomerState state(UUID id, long version, String firstName, String lastName, String email,
                                      String creditLimit) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new CustomerState()
                .id(id).type(CustomerType.PERSON).firstName(firstName).lastName(lastName)
                .displayName(firstName + " " + lastName)
                .emails(email == null ? List.of() : List.of(new EmailState().address(email).primary(true)))
                .phones(List.of()).addresses(List.of())
                .lifecycleStage(LifecycleStage.CUSTOMER)
                .ownerId("owner-" + version)
                .tags(List.of())
                .creditLimit(creditLimit == null ? null : new MoneyState().amount(creditLimit).currency("EUR"))
                .customFields(Map.of())
                .status(CustomerStatus.ACTIVE)
                .createdAt(now).updatedAt(now).createdBy("u1").updatedBy("u1")
                .version(version);
    }

    public Sent created(UUID tenant, CustomerState state) {
        return send(tenant, "crm.customer.created.v1", state.getId(), state.getVersion(),
                new CustomerCreated().customer(state));
    }

    public Sent updated(UUID tenant, CustomerState state) {
        return send(tenant, "crm.customer.updated.v1", state.getId(), state.getVersion(),
                new CustomerUpdated().customer(state).changedFields(List.of("lastName")));
    }

    /** Keyed by the merged (losing) customer, as customer-service publishes it. */
    public Sent merged(UUID tenant, UUID mergedId, long mergedVersion, CustomerState survivor) {
        return send(tenant, "crm.customer.merged.v1", mergedId, mergedVersion, new CustomerMerged()
                .survivorId(survivor.getId()).mergedId(mergedId)
                .mergedAt(OffsetDateTime.now(ZoneOffset.UTC)).survivor(survivor));
    }

    public Sent erased(UUID tenant, UUID customerId, long version) {
        return send(tenant, "crm.customer.erased.v1", customerId, version, new CustomerErased()
                .customerId(customerId).erasedAt(OffsetDateTime.now(ZoneOffset.UTC)));
    }

    public Sent send(UUID tenant, String type, UUID subject, long version, Object payload) {
        return send(new Sent(Ids.newId(), tenant, type, subject, version, JSON.writeValueAsBytes(payload)));
    }

    public Sent send(Sent event) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.ID, event.eventId().toString());
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(headers, CloudEventHeaders.TYPE, event.type());
        header(headers, CloudEventHeaders.SOURCE, "customer-service");
        header(headers, CloudEventHeaders.SUBJECT, event.subject().toString());
        header(headers, CloudEventHeaders.TIME, Instant.now().toString());
        header(headers, CloudEventHeaders.TENANT_ID, event.tenant().toString());
        header(headers, CloudEventHeaders.AGGREGATE_VERSION, Long.toString(event.version()));
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        try {
            producer.send(new ProducerRecord<>(TOPIC, null, event.subject().toString(), event.payload(), headers))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return event;
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
