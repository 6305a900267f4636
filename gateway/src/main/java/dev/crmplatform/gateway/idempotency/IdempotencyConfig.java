package dev.crmplatform.gateway.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

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
        return new IdempotencyStore(jdbc, properties.ttl(), properties.inFlightTimeout());
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
    IdempotencyPurger idempotencyPurger(IdempotencyStore store) {
        return new IdempotencyPurger(store);
    }

    /** Deletes expired keys periodically. Safe on several instances: the delete is idempotent. */
    static class IdempotencyPurger {

        private static final Logger log = LoggerFactory.getLogger(IdempotencyPurger.class);

        private final IdempotencyStore store;

        IdempotencyPurger(IdempotencyStore store) {
            this.store = store;
        }

        @Scheduled(initialDelayString = "${crm.gateway.idempotency.purge-interval:1h}",
                fixedDelayString = "${crm.gateway.idempotency.purge-interval:1h}")
        void purge() {
            try {
                int deleted = store.purgeExpired();
                if (deleted > 0) {
                    log.debug("Purged {} expired idempotency keys", deleted);
                }
            }
            catch (RuntimeException ex) {
                log.warn("Purging expired idempotency keys failed; will retry", ex);
            }
        }
    }
}
