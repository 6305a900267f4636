package dev.crmplatform.platform.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The one Kafka broker of this JVM: {@code CRM_TEST_KAFKA_BOOTSTRAP} when set, otherwise a real in-process
 * KRaft broker started on first use and stopped when the JVM exits.
 */
public final class TestKafka {

    private static String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String external = Endpoints.env("CRM_TEST_KAFKA_BOOTSTRAP");
            bootstrapServers = external != null ? external : startEmbedded();
        }
        return bootstrapServers;
    }

    private static String startEmbedded() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("num.partitions", "3");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-shutdown"));
        return broker.getBrokersAsString();
    }

    /** A consumer of the given topics reading from the earliest offset, in a group of its own. */
    public static KafkaConsumer<String, byte[]> consumer(String... topics) {
        return consumerOn(bootstrapServers(), topics);
    }

    public static KafkaConsumer<String, byte[]> consumerOn(String bootstrap, String... topics) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    /** Polls once for up to the given time and returns what arrived. */
    public static List<ConsumerRecord<String, byte[]>> poll(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consumer.poll(timeout).forEach(records::add);
        return records;
    }

    /** The value of a header as a string, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
