package dev.crmplatform.customer.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every customer change goes out through the outbox as a CloudEvent keyed by the customer id, in version order. */
@CrmIntegrationTest
class CustomerEventsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    KafkaConsumer<String, byte[]> consumer;
    final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        consumer = TestKafka.consumer(CustomerEvents.TOPIC);
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void createUpdateTagAndArchivePublishTheFullStateInOrder() {
        TenantClient api = TenantClient.newTenant(port);
        String id = api.createCustomer(CustomerApiIT.ALICE);
        api.patch("/api/v1/customers/" + id, "{\"lifecycleStage\":\"CUSTOMER\"}", "\"1\"");
        api.put("/api/v1/customers/" + id + "/tags/gold", null);
        api.delete("/api/v1/customers/" + id);

        List<ConsumerRecord<String, byte[]>> events = awaitEvents(id, 4);

        assertThat(events).extracting(r -> TestKafka.header(r, "ce_type")).containsExactly(
                CustomerEvents.CREATED, CustomerEvents.UPDATED, CustomerEvents.UPDATED, CustomerEvents.UPDATED);
        assertThat(events).extracting(r -> TestKafka.header(r, "ce_aggregateversion"))
                .containsExactly("1", "2", "3", "4");
        ConsumerRecord<String, byte[]> created = events.getFirst();
        assertThat(TestKafka.header(created, "ce_tenantid")).isEqualTo(api.tenant().toString());
        assertThat(TestKafka.header(created, "ce_subject")).isEqualTo(id);
        assertThat(TestKafka.header(created, "ce_source")).isEqualTo("customer-service");
        assertThat(TestKafka.header(created, "ce_specversion")).isEqualTo("1.0");
        assertThat(TestKafka.header(created, "ce_id")).isNotBlank();

        JsonNode createdState = payload(created).get("customer");
        assertThat(createdState.at("/emails/0/address").asString()).isEqualTo("alice.smith@example.com");
        assertThat(createdState.at("/phones/0/number").asString()).isEqualTo("+14155550100");
        assertThat(createdState.get("version").asLong()).isEqualTo(1);

        JsonNode patched = payload(events.get(1));
        assertThat(patched.at("/customer/lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(patched.get("changedFields").toString()).contains("lifecycleStage");
        assertThat(payload(events.get(3)).at("/customer/status").asString()).isEqualTo("ARCHIVED");
    }

    @Test
    void aRejectedWritePublishesNothing() {
        TenantClient api = TenantClient.newTenant(port);
        String id = api.createCustomer(CustomerApiIT.ALICE);
        api.patch("/api/v1/customers/" + id, "{\"phones\":[{\"number\":\"12\"}]}", "\"1\"");
        api.patch("/api/v1/customers/" + id, "{\"lifecycleStage\":\"CUSTOMER\"}", "\"9\"");
        api.patch("/api/v1/customers/" + id, "{\"ownerId\":\"rep-1\"}", "\"1\"");

        List<ConsumerRecord<String, byte[]>> events = awaitEvents(id, 2);
        assertThat(events).extracting(r -> TestKafka.header(r, "ce_aggregateversion")).containsExactly("1", "2");
        assertThat(payload(events.get(1)).at("/customer/ownerId").asString()).isEqualTo("rep-1");
    }

    private List<ConsumerRecord<String, byte[]>> awaitEvents(String customerId, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            received.addAll(TestKafka.poll(consumer, Duration.ofMillis(200)));
            return received.stream().filter(r -> customerId.equals(r.key())).count() >= count;
        });
        // a short extra poll shows that nothing beyond the expected events was published
        received.addAll(TestKafka.poll(consumer, Duration.ofMillis(500)));
        return received.stream().filter(r -> customerId.equals(r.key())).toList();
    }

    private static JsonNode payload(ConsumerRecord<String, byte[]> record) {
        return JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
    }
}
