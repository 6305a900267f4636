package dev.crmplatform.platform.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link Inbox}. Its tables ({@code inbox_event}, {@code inbox_aggregate_version}) come from the platform
 * migrations ({@code classpath:db/platform}); the Kafka listener side is in
 * {@link dev.crmplatform.platform.events.CrmKafkaAutoConfiguration}.
 */
@AutoConfiguration(after = DataSourceTransactionManagerAutoConfiguration.class)
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnBean({DataSource.class, PlatformTransactionManager.class})
public class CrmInboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Inbox crmInbox(DataSource dataSource, PlatformTransactionManager transactionManager,
                   ObjectProvider<MeterRegistry> meterRegistry) {
        return new Inbox(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager),
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }
}
