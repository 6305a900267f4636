package dev.crmplatform.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class EventKafkaClientsTest {

    @Test
    void producerIsIdempotentOrderedAndBounded() {
        Map<String, Object> props = EventKafkaClients.producerProperties(
                Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-"),
                "customer-service", Duration.ofSeconds(10), Duration.ofSeconds(5));

        // Whatever spring.kafka.producer.* says, the event producer keeps the guarantees the relay relies on.
        assertThat(props).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000L)
                .doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        int request = (int) props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        int linger = (int) props.get(ProducerConfig.LINGER_MS_CONFIG);
        // Kafka refuses to start a producer unless delivery.timeout.ms >= linger.ms + request.timeout.ms.
        assertThat(request + linger).isLessThanOrEqualTo(10_000);
    }

    @Test
    void shortDeliveryTimeoutsStayValid() {
        Map<String, Object> props = EventKafkaClients.producerProperties(Map.of(), "svc", Duration.ofMillis(500),
                Duration.ofMillis(200));
        int delivery = (int) props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        int request = (int) props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        int linger = (int) props.get(ProducerConfig.LINGER_MS_CONFIG);
        assertThat(delivery).isGreaterThanOrEqualTo(request + linger);
    }
}
