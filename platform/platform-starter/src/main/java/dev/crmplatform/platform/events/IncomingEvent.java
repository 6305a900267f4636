package dev.crmplatform.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumed CloudEvent (binary mode): attributes from the {@code ce_*} headers, {@code data} from the JSON value.
 *
 * @param id               CloudEvents id (UUIDv7), the inbox dedupe key
 * @param type             e.g. {@code crm.customer.updated.v1}
 * @param source           producing service
 * @param subject          usually the customer id; may be null
 * @param tenant           tenant the event belongs to; null only for tenant-less platform events
 * @param aggregateVersion version of the aggregate after the change, for last-writer-wins
 * @param time             when the change happened
 * @param data             the payload; unknown fields must be ignored by consumers
 */
public record IncomingEvent(UUID id, String type, String source, String subject, UUID tenant, long aggregateVersion,
                            Instant time, JsonNode data) {

    /** Consumers ignore unknown fields (ARCHITECTURE §3: within v1 producers only add optional fields). */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Parses a record written by the outbox relay (or any CloudEvents binary-mode producer with our extensions).
     *
     * @throws InvalidEventException when a required attribute is missing or malformed, or the value is not JSON
     */
    public static IncomingEvent from(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        UUID id = uuid(required(headers, CloudEventHeaders.ID, where), CloudEventHeaders.ID, where);
        String type = required(headers, CloudEventHeaders.TYPE, where);
        String source = header(headers, CloudEventHeaders.SOURCE);
        String subject = header(headers, CloudEventHeaders.SUBJECT);
        String tenantHeader = header(headers, CloudEventHeaders.TENANT_ID);
        UUID tenant = tenantHeader == null || tenantHeader.isEmpty()
                ? null : uuid(tenantHeader, CloudEventHeaders.TENANT_ID, where);
        String versionHeader = header(headers, CloudEventHeaders.AGGREGATE_VERSION);
        long version;
        try {
            version = versionHeader == null ? 0L : Long.parseLong(versionHeader);
        } catch (NumberFormatException e) {
            throw new InvalidEventException("Malformed " + CloudEventHeaders.AGGREGATE_VERSION + " at " + where, e);
        }
        String timeHeader = header(headers, CloudEventHeaders.TIME);
        Instant time;
        try {
            time = timeHeader == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(timeHeader);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("Malformed " + CloudEventHeaders.TIME + " at " + where, e);
        }
        JsonNode data;
        try {
            data = record.value() == null ? MAPPER.nullNode() : MAPPER.readTree(record.value());
        } catch (JacksonException e) {
            throw new InvalidEventException("Value is not JSON at " + where, e);
        }
        return new IncomingEvent(id, type, source, subject, tenant, version, time, data);
    }

    /** Maps {@link #data()} to a payload class (e.g. a generated event model); unknown fields are ignored. */
    public <T> T dataAs(Class<T> payloadType) {
        return MAPPER.treeToValue(data, payloadType);
    }

    private static String required(Headers headers, String name, String where) {
        String value = header(headers, name);
        if (value == null || value.isEmpty()) {
            throw new InvalidEventException("Missing header " + name + " at " + where);
        }
        return value;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static UUID uuid(String value, String name, String where) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Malformed " + name + " at " + where, e);
        }
    }
}
