package dev.crmplatform.gateway.idempotency;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.crmplatform.idempotency.IdempotencyPurger;
import dev.crmplatform.idempotency.IdempotencyStore;

/**
 * Wires the admin API's Idempotency-Key handling. The filter runs after Spring Security's chain (order -100), at the
 * platform's idempotency order (-80), and only on the admin paths.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencyProperties.class)
@ConditionalOnProperty(name = "crm.gateway.idempotency.enabled", matchIfMissing = true)
public class IdempotencyConfig {

    public static final int IDEMPOTENCY_FILTER_ORDER = -80;

    @Bean
    IdempotencyStore idempotencyStore(JdbcClient jdbc, IdempotencyProperties properties) {
        return new IdempotencyStore(jdbc, IdempotencyFilter.TABLE, properties.ttl(), properties.inFlightTimeout());
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(store));
        registration.setOrder(IDEMPOTENCY_FILTER_ORDER);
        registration.addUrlPatterns(IdempotencyFilter.ADMIN_PATH_PREFIX + "*");
        return registration;
    }

    @Bean
    IdempotencyPurger idempotencyPurger(IdempotencyStore store, IdempotencyProperties properties) {
        return new IdempotencyPurger(store, properties.purgeInterval());
    }
}
