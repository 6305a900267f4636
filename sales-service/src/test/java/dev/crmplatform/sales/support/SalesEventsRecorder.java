package dev.crmplatform.sales.support;

import org.awaitility.Awaitility;

import dev.crmplatform.platform.test.TestKafka;
import dev.crmplatform.platform.test.TopicRecorder;
import dev.crmplatform.sales.events.SalesEvents;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Records {@code crm.sales.events} from the beginning; tests wait for one key's events (the customer id). */
public final class SalesEventsRecorder implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TopicRecorder recorder = TopicRecorder.record(TestKafka.bootstrapServers(), SalesEvents.TOPIC, 3);

    /** The key's events in topic order (one key, one partition). */
    public List<ConsumerRecord<String, byte[]>> events(String key) {
        return recorder.records().stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Waits until the key has at least {@code count} events of the type; returns them in order. */
    public List<ConsumerRecord<String, byte[]>> await(String key, String type, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ofType(key, type).size() >= count);
        return ofType(key, type);
    }

    public List<ConsumerRecord<String, byte[]>> ofType(String key, String type) {
        return events(key).stream().filter(r -> type.equals(type(r))).toList();
    }

    public static String type(ConsumerRecord<String, byte[]> record) {
        return TopicRecorder.header(record, "ce_type");
    }

    public static JsonNode payload(ConsumerRecord<String, byte[]> record) {
        return JSON.readTree(record.value());
    }

    @Override
    public void close() {
        recorder.close();
    }
}
