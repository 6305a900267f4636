package dev.crmplatform.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class IncomingEventTest {

    private static final UUID ID = UUID.fromString("019a0000-0000-7000-8000-000000000001");
    private static final UUID TENANT = UUID.fromString("019a0000-0000-7000-8000-0000000000aa");

    record Payload(String name) {
    }

    @Test
    void parsesCloudEventsBinaryHeadersAndJsonData() {
        RecordHeaders headers = headers();
        IncomingEvent event = IncomingEvent.from(record(headers, "{\"name\":\"Alice\",\"addedInV1_1\":true}"));

        assertThat(event.id()).isEqualTo(ID);
        assertThat(event.type()).isEqualTo("crm.customer.updated.v1");
        assertThat(event.source()).isEqualTo("customer-service");
        assertThat(event.subject()).isEqualTo("c-1");
        assertThat(event.tenant()).isEqualTo(TENANT);
        assertThat(event.aggregateVersion()).isEqualTo(7);
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123456Z"));
        assertThat(event.data().get("name").asString()).isEqualTo("Alice");
        // Consumers ignore fields added later within v1.
        assertThat(event.dataAs(Payload.class)).isEqualTo(new Payload("Alice"));
    }

    @Test
    void optionalAttributesMayBeAbsent() {
        RecordHeaders headers = new RecordHeaders();
        add(headers, CloudEventHeaders.ID, ID.toString());
        add(headers, CloudEventHeaders.TYPE, "crm.platform.ping.v1");
        IncomingEvent event = IncomingEvent.from(record(headers, "{}"));

        assertThat(event.tenant()).isNull();
        assertThat(event.subject()).isNull();
        assertThat(event.aggregateVersion()).isZero();
        assertThat(event.time()).isEqualTo(Instant.ofEpochMilli(1_000));
    }

    @Test
    void rejectsMissingIdMalformedHeadersAndNonJsonValues() {
        RecordHeaders noId = headers();
        noId.remove(CloudEventHeaders.ID);
        assertThatThrownBy(() -> IncomingEvent.from(record(noId, "{}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ce_id");

        RecordHeaders badVersion = headers();
        badVersion.remove(CloudEventHeaders.AGGREGATE_VERSION);
        add(badVersion, CloudEventHeaders.AGGREGATE_VERSION, "seven");
        assertThatThrownBy(() -> IncomingEvent.from(record(badVersion, "{}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ce_aggregateversion");

        RecordHeaders badTenant = headers();
        badTenant.remove(CloudEventHeaders.TENANT_ID);
        add(badTenant, CloudEventHeaders.TENANT_ID, "not-a-uuid");
        assertThatThrownBy(() -> IncomingEvent.from(record(badTenant, "{}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ce_tenantid");

        assertThatThrownBy(() -> IncomingEvent.from(record(headers(), "{not json")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("not JSON");
    }

    private static RecordHeaders headers() {
        RecordHeaders headers = new RecordHeaders();
        add(headers, CloudEventHeaders.ID, ID.toString());
        add(headers, CloudEventHeaders.SPEC_VERSION, "1.0");
        add(headers, CloudEventHeaders.TYPE, "crm.customer.updated.v1");
        add(headers, CloudEventHeaders.SOURCE, "customer-service");
        add(headers, CloudEventHeaders.SUBJECT, "c-1");
        add(headers, CloudEventHeaders.TIME, "2026-11-22T10:15:30.123456Z");
        add(headers, CloudEventHeaders.TENANT_ID, TENANT.toString());
        add(headers, CloudEventHeaders.AGGREGATE_VERSION, "7");
        add(headers, CloudEventHeaders.CONTENT_TYPE, "application/json");
        return headers;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<String, byte[]> record(RecordHeaders headers, String json) {
        return new ConsumerRecord<>("crm.customer.events", 0, 42L, 1_000L, TimestampType.CREATE_TIME, -1, -1,
                "c-1", json.getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
    }
}
