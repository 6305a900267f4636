package dev.crmplatform.platform.tenancy;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionManager;

/**
 * Tenancy: the tenant-publishing transaction manager and the per-request tenant filter.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
        before = DataSourceTransactionManagerAutoConfiguration.class)
public class CrmTenancyAutoConfiguration {

    /** Runs after Spring Security's filter chain (order -100), before the idempotency filter. */
    public static final int TENANT_FILTER_ORDER = -90;

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(DataSource.class)
    static class TransactionManagerConfiguration {

        @Bean
        @ConditionalOnMissingBean(TransactionManager.class)
        TenantAwareTransactionManager transactionManager(DataSource dataSource,
                ObjectProvider<TransactionManagerCustomizers> customizers) {
            TenantAwareTransactionManager manager = new TenantAwareTransactionManager(dataSource);
            customizers.ifAvailable(c -> c.customize(manager));
            return manager;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(SecurityContextHolder.class)
    static class TenantFilterConfiguration {

        @Bean
        FilterRegistrationBean<TenantContextFilter> crmTenantContextFilter() {
            FilterRegistrationBean<TenantContextFilter> registration =
                    new FilterRegistrationBean<>(new TenantContextFilter());
            registration.setOrder(TENANT_FILTER_ORDER);
            return registration;
        }
    }
}
