package dev.crmplatform.platform.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code String} key / {@code byte[]} value Kafka clients used for CRM events: the outbox relay's producer,
 * the dead-letter producer and the listener consumer factory.
 *
 * <p>Deliberately not exposed as {@code ProducerFactory}/{@code ConsumerFactory}/{@code KafkaTemplate} beans: Spring
 * Boot backs off its own defaults when such beans exist, and a service may still want them for other purposes.
 * Connection settings (bootstrap servers, SSL, SASL) come from Boot's {@code spring.kafka.*} properties.
 */
public class EventKafkaClients implements DisposableBean {

    private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;
    private final DefaultKafkaConsumerFactory<String, byte[]> consumerFactory;
    private final KafkaTemplate<String, byte[]> deadLetterTemplate;

    /**
     * @param baseProducerProperties producer properties from {@code spring.kafka.*} (connection details applied)
     * @param baseConsumerProperties consumer properties from {@code spring.kafka.*} (connection details applied)
     * @param deliveryTimeout        upper bound for a send to be acknowledged or fail, so the relay never hangs
     *                               while Kafka is down
     * @param maxBlock               upper bound for {@code send()} itself (metadata fetch, full buffer)
     */
    public EventKafkaClients(Map<String, Object> baseProducerProperties, Map<String, Object> baseConsumerProperties,
                             String clientIdPrefix, Duration deliveryTimeout, Duration maxBlock,
                             MeterRegistry meterRegistry) {
        this.producerFactory = new DefaultKafkaProducerFactory<>(
                producerProperties(baseProducerProperties, clientIdPrefix, deliveryTimeout, maxBlock),
                new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumer = new HashMap<>(baseConsumerProperties);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // At-least-once: offsets are committed by the container after the listener (and its inbox transaction)
        // returned, never by the client in the background.
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerFactory = new DefaultKafkaConsumerFactory<>(consumer,
                new StringDeserializer(), new ByteArrayDeserializer());
        if (meterRegistry != null) {
            producerFactory.addListener(new MicrometerProducerListener<>(meterRegistry));
            consumerFactory.addListener(new MicrometerConsumerListener<>(meterRegistry));
        }
        this.deadLetterTemplate = new KafkaTemplate<>(producerFactory);
        this.deadLetterTemplate.setObservationEnabled(true);
    }

    static Map<String, Object> producerProperties(Map<String, Object> base, String clientIdPrefix,
                                                  Duration deliveryTimeout, Duration maxBlock) {
        Map<String, Object> props = new HashMap<>(base);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Idempotent producer: broker-side dedupe of retried batches and per-partition order with up to 5 requests
        // in flight.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        // The relay sends a whole outbox batch at once: large producer batches mean few requests per cycle.
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long delivery = deliveryTimeout.toMillis();
        long linger = 5;
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, Math.min(30_000, delivery - linger)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(delivery, 1000 + linger));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-events");
        return props;
    }

    /** The shared, thread-safe idempotent producer (closed and recreated by {@link #resetProducer()}). */
    public Producer<String, byte[]> producer() {
        return producerFactory.createProducer();
    }

    /** Discards the shared producer, e.g. after a fatal error; the next {@link #producer()} creates a fresh one. */
    public void resetProducer() {
        producerFactory.reset();
    }

    public DefaultKafkaConsumerFactory<String, byte[]> consumerFactory() {
        return consumerFactory;
    }

    public KafkaTemplate<String, byte[]> deadLetterTemplate() {
        return deadLetterTemplate;
    }

    @Override
    public void destroy() {
        producerFactory.destroy();
    }
}
