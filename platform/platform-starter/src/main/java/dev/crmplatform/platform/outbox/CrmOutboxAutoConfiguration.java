package dev.crmplatform.platform.outbox;

import dev.crmplatform.platform.events.CrmKafkaAutoConfiguration;
import dev.crmplatform.platform.events.CrmKafkaProperties;
import dev.crmplatform.platform.events.EventKafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transactional outbox: {@link OutboxWriter} for services, {@link OutboxRelay} publishing to Kafka.
 * The {@code outbox_event} table comes from the platform migrations ({@code classpath:db/platform}).
 */
@AutoConfiguration(after = {CrmKafkaAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcClientAutoConfiguration.class})
@ConditionalOnClass({JdbcClient.class, KafkaTemplate.class})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(OutboxProperties.class)
public class CrmOutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay crmOutboxRelay(DataSource dataSource, PlatformTransactionManager transactionManager,
                               EventKafkaClients kafka, ObjectProvider<JsonMapper> jsonMapper,
                               OutboxProperties properties, CrmKafkaProperties kafkaProperties,
                               ObjectProvider<MeterRegistry> meterRegistry, Environment environment) {
        String source = properties.source() != null ? properties.source()
                : environment.getProperty("spring.application.name", "crm");
        return new OutboxRelay(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager), kafka,
                jsonMapper.getIfAvailable(JsonMapper::new), properties, source, kafkaProperties.deliveryTimeout(),
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxWriter crmOutboxWriter(DataSource dataSource, ObjectProvider<JsonMapper> jsonMapper,
                                 ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
                                 ObjectProvider<OutboxRelay> relay) {
        return new OutboxWriter(JdbcClient.create(dataSource), jsonMapper.getIfAvailable(JsonMapper::new),
                tracer::getIfAvailable, propagator::getIfAvailable, Clock.systemUTC(),
                () -> relay.ifAvailable(OutboxRelay::wakeUp));
    }
}
