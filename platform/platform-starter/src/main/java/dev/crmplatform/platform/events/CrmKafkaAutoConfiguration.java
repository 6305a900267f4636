package dev.crmplatform.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Kafka clients for CRM events ({@code String} keys, JSON {@code byte[]} values with CloudEvents headers), the
 * default listener container factory with retries and a dead-letter topic, topic creation and the Kafka health
 * indicator.
 *
 * <p>Runs before Boot's {@link KafkaAutoConfiguration} so that its {@code kafkaListenerContainerFactory} backs off in
 * favour of ours: every {@code @KafkaListener} of a service then consumes {@code ConsumerRecord<String, byte[]>},
 * parses it with {@link IncomingEvent#from} and applies it through the inbox.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties({CrmKafkaProperties.class, KafkaProperties.class})
public class CrmKafkaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventKafkaClients crmEventKafkaClients(KafkaProperties kafkaProperties,
                                           ObjectProvider<KafkaConnectionDetails> connectionDetails,
                                           CrmKafkaProperties properties,
                                           ObjectProvider<MeterRegistry> meterRegistry, Environment environment) {
        Map<String, Object> producer = kafkaProperties.buildProducerProperties();
        Map<String, Object> consumer = kafkaProperties.buildConsumerProperties();
        connectionDetails.ifAvailable(details -> {
            producer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, details.getProducer().getBootstrapServers());
            consumer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, details.getConsumer().getBootstrapServers());
        });
        return new EventKafkaClients(producer, consumer, environment.getProperty("spring.application.name", "crm"),
                properties.deliveryTimeout(), properties.maxBlock(), meterRegistry.getIfAvailable());
    }

    /**
     * The default listener container factory: {@code byte[]} values, observation on (so the {@code traceparent}
     * header continues the producer's trace), bounded exponential retries, then the record goes to
     * {@code <topic>.dlt}. Malformed events skip the retries.
     */
    @Bean(name = "kafkaListenerContainerFactory")
    @ConditionalOnMissingBean(name = "kafkaListenerContainerFactory")
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConcurrentKafkaListenerContainerFactory<String, byte[]> kafkaListenerContainerFactory(
            EventKafkaClients clients, CrmKafkaProperties properties,
            ObjectProvider<ConcurrentKafkaListenerContainerFactoryConfigurer> configurer) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        DefaultErrorHandler errorHandler = deadLetterErrorHandler(clients, properties.listener());
        configurer.ifAvailable(c -> {
            // Applies spring.kafka.listener.* (concurrency, ack mode, ...) and the consumer factory.
            c.configure((ConcurrentKafkaListenerContainerFactory) factory, (ConsumerFactory) clients.consumerFactory());
        });
        factory.setConsumerFactory(clients.consumerFactory());
        factory.setCommonErrorHandler(errorHandler);
        factory.getContainerProperties().setObservationEnabled(true);
        return factory;
    }

    static DefaultErrorHandler deadLetterErrorHandler(EventKafkaClients clients, CrmKafkaProperties.Listener listener) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(clients.deadLetterTemplate(),
                // Partition -1: let the producer choose, the DLT may have fewer partitions than the source topic.
                (record, exception) -> new TopicPartition(CrmKafkaProperties.deadLetterTopic(record.topic()), -1));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(listener.maxRetries());
        backOff.setInitialInterval(listener.backoffInitial().toMillis());
        backOff.setMultiplier(listener.backoffMultiplier());
        backOff.setMaxInterval(listener.backoffMax().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidEventException.class);
        return handler;
    }

    /** Topics of {@code crm.kafka.topics} (and their dead-letter topics), created by Boot's {@link KafkaAdmin}. */
    @Bean
    KafkaAdmin.NewTopics crmKafkaTopics(CrmKafkaProperties properties) {
        Optional<Short> replication = properties.replicationFactor() > 0
                ? Optional.of(properties.replicationFactor()) : Optional.empty();
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : properties.topics()) {
            topics.add(new NewTopic(topic, Optional.of(properties.partitions()), replication));
            if (properties.deadLetterTopics()) {
                topics.add(new NewTopic(CrmKafkaProperties.deadLetterTopic(topic), Optional.of(1), replication));
            }
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class KafkaHealthConfiguration {

        @Bean(name = "kafkaHealthIndicator")
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("kafka")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafkaProperties,
                                                  ObjectProvider<KafkaConnectionDetails> connectionDetails,
                                                  CrmKafkaProperties properties) {
            Map<String, Object> admin = kafkaProperties.buildAdminProperties();
            connectionDetails.ifAvailable(details -> admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    details.getAdmin().getBootstrapServers()));
            admin.put(CommonClientConfigs.CLIENT_ID_CONFIG, "crm-health");
            return new KafkaHealthIndicator(admin, properties.healthTimeout());
        }
    }
}
