package dev.crmplatform.platform.outbox;

/**
 * An event to publish after the current transaction commits.
 *
 * @param topic            e.g. {@code crm.customer.events}
 * @param key              Kafka key: the customer id where the event concerns a customer, else the aggregate id.
 *                         Events with the same key are published in the order they were appended
 * @param type             CloudEvents type, e.g. {@code crm.customer.updated.v1}
 * @param subject          CloudEvents subject (the customer id); may be null
 * @param aggregateId      id of the changed aggregate
 * @param aggregateVersion version of the aggregate after the change (consumers apply last-writer-wins on it)
 * @param payload          the data, serialised to JSON with the application's Jackson {@code JsonMapper}
 *                         (pass an object or a {@code JsonNode}, not a JSON string)
 */
public record OutboxEvent(String topic, String key, String type, String subject, String aggregateId,
                          long aggregateVersion, Object payload) {

    public OutboxEvent {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is required");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type is required");
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload is required");
        }
    }
}
