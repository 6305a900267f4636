package dev.crmplatform.platform.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.kafka.*}: topics this service needs, and the consumer-side error handling.
 *
 * @param topics              topics created at startup (e.g. {@code crm.customer.events}); Kafka being down does not
 *                            stop the service, creation is retried at the next start
 * @param partitions          partitions of each created topic
 * @param replicationFactor   replication factor of created topics; 0 = broker default
 * @param deadLetterTopics    also create {@code <topic>.dlt} for each topic
 * @param deliveryTimeout     bound for an event send to be acknowledged or fail ({@code delivery.timeout.ms}), so
 *                            the outbox relay keeps cycling while Kafka is down
 * @param maxBlock            bound for {@code send()} itself ({@code max.block.ms}: metadata fetch, full buffer)
 * @param listener            error handling of the auto-configured listener container factory
 * @param healthTimeout       bound of the Kafka health check (describeCluster)
 */
@ConfigurationProperties("crm.kafka")
public record CrmKafkaProperties(
        @DefaultValue List<String> topics,
        @DefaultValue("3") int partitions,
        @DefaultValue("0") short replicationFactor,
        @DefaultValue("true") boolean deadLetterTopics,
        @DefaultValue("10s") Duration deliveryTimeout,
        @DefaultValue("5s") Duration maxBlock,
        @DefaultValue Listener listener,
        @DefaultValue("2s") Duration healthTimeout) {

    /**
     * @param backoffInitial    first retry delay of a failing record
     * @param backoffMultiplier growth of the delay
     * @param backoffMax        largest delay
     * @param maxRetries        retries before the record goes to {@code <topic>.dlt}
     */
    public record Listener(
            @DefaultValue("200ms") Duration backoffInitial,
            @DefaultValue("2.0") double backoffMultiplier,
            @DefaultValue("5s") Duration backoffMax,
            @DefaultValue("4") int maxRetries) {
    }

    /** Name of the dead-letter topic of {@code topic}. */
    public static String deadLetterTopic(String topic) {
        return topic + ".dlt";
    }
}
