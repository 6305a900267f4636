package dev.crmplatform.platform.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records everything published to one topic, from the beginning, in a background consumer that rides out broker
 * outages. Assertions poll {@link #records()} with Awaitility.
 */
public final class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private TopicRecorder(String bootstrapServers, String topic, int partitions) {
        createTopic(bootstrapServers, topic, partitions);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> assignment = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        thread = Thread.ofPlatform().name("recorder-" + topic).daemon(true).start(this::poll);
    }

    /** Creates {@code topic} (if missing) and starts recording it. */
    public static TopicRecorder record(String bootstrapServers, String topic, int partitions) {
        return new TopicRecorder(bootstrapServers, topic, partitions);
    }

    public static void createTopic(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void poll() {
        try {
            while (running) {
                var batch = consumer.poll(Duration.ofMillis(100));
                synchronized (records) {
                    batch.forEach(records::add);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    public List<ConsumerRecord<String, byte[]>> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** Distinct event ids (ce_id) received so far. */
    public Set<String> distinctIds() {
        Set<String> ids = new LinkedHashSet<>();
        records().forEach(r -> ids.add(header(r, "ce_id")));
        return ids;
    }

    /**
     * Per key, the aggregate versions in the order their events were FIRST received (a redelivered duplicate is
     * recognised by its id and ignored, as the inbox does).
     */
    public Map<String, List<Long>> versionsByKeyDeduplicated() {
        Set<String> seen = new LinkedHashSet<>();
        Map<String, List<Long>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : records()) {
            if (seen.add(header(r, "ce_id"))) {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(Long.parseLong(header(r, "ce_aggregateversion")));
            }
        }
        return byKey;
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
