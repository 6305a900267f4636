package dev.crmplatform.customer.support;

import org.awaitility.Awaitility;

import dev.crmplatform.platform.test.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code crm.customer.events} from the beginning in a consumer group of its own, remembering every record,
 * so a test can wait for a customer's events (keyed by customer id) with Awaitility.
 */
public final class CustomerEventsTopic implements AutoCloseable {

    public static final String TOPIC = "crm.customer.events";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(TOPIC);
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    /** Waits until the customer has an event of this type and returns the first one. */
    public ConsumerRecord<String, byte[]> await(String customerId, String type) {
        awaitCount(customerId, type, 1);
        return events(customerId, type).getFirst();
    }

    /** Waits until the customer has at least {@code count} events of this type and returns them in topic order. */
    public List<ConsumerRecord<String, byte[]>> awaitCount(String customerId, String type, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> {
                    seen.addAll(TestKafka.poll(consumer, Duration.ofMillis(200)));
                    return events(customerId, type).size() >= count;
                });
        return events(customerId, type);
    }

    /** The customer's events seen so far, in topic order (its events share a partition). */
    public List<ConsumerRecord<String, byte[]>> events(String customerId) {
        return seen.stream().filter(r -> customerId.equals(r.key())).toList();
    }

    public List<ConsumerRecord<String, byte[]>> events(String customerId, String type) {
        return events(customerId).stream().filter(r -> type.equals(type(r))).toList();
    }

    public static String type(ConsumerRecord<String, byte[]> record) {
        return TestKafka.header(record, "ce_type");
    }

    public static long aggregateVersion(ConsumerRecord<String, byte[]> record) {
        return Long.parseLong(TestKafka.header(record, "ce_aggregateversion"));
    }

    public static String payloadText(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    public static JsonNode payload(ConsumerRecord<String, byte[]> record) {
        return JSON.readTree(record.value());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
