package dev.crmplatform.platform.web;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.crmplatform.idempotency.IdempotencyPurger;
import dev.crmplatform.idempotency.IdempotencyStore;
import dev.crmplatform.platform.web.idempotency.IdempotencyFilter;
import dev.crmplatform.platform.web.problem.CrmProblemHandler;
import dev.crmplatform.platform.web.problem.ProblemErrorController;
import dev.crmplatform.platform.web.problem.ProblemMediaTypeGuard;

/**
 * Web conventions: problem+json for every error, X-Request-Id, body-size limit, Idempotency-Key, and responses with
 * a Content-Length where they fit the container's buffer.
 *
 * <p>Filter order: deferred flushes (outermost, so every writer's flush goes through it) → request id (very early,
 * so even 401s and 413s carry it) → body-size limit → Spring Security (-100) → tenant (-90) → idempotency (-80).
 */
@AutoConfiguration(before = { WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class },
        after = JdbcClientAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CrmWebProperties.class)
public class CrmWebAutoConfiguration {

    public static final int DEFERRED_FLUSH_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;
    public static final int REQUEST_ID_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    public static final int BODY_SIZE_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;
    public static final int REPEATED_PARAMETER_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 30;
    public static final int IDEMPOTENCY_FILTER_ORDER = -80;

    @Bean
    @ConditionalOnMissingBean
    CrmProblemHandler crmProblemHandler() {
        return new CrmProblemHandler();
    }

    @Bean
    ProblemMediaTypeGuard crmProblemMediaTypeGuard() {
        return new ProblemMediaTypeGuard();
    }

    @Bean
    @ConditionalOnMissingBean(org.springframework.boot.webmvc.error.ErrorController.class)
    ProblemErrorController crmProblemErrorController() {
        return new ProblemErrorController();
    }

    /**
     * Date and timestamp parameters outside years 0001-9999 are a 400 naming the parameter. Formatters added here
     * come after Boot's, and the conversion service tries the last one added first.
     */
    @Bean
    WebMvcConfigurer crmSupportedDateParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addFormatters(FormatterRegistry registry) {
                registry.addFormatterForFieldAnnotation(new SupportedDateTimeFormatFactory());
            }
        };
    }

    @Bean
    FilterRegistrationBean<DeferredFlushFilter> crmDeferredFlushFilter() {
        FilterRegistrationBean<DeferredFlushFilter> registration =
                new FilterRegistrationBean<>(new DeferredFlushFilter());
        registration.setOrder(DEFERRED_FLUSH_FILTER_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> crmRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(REQUEST_ID_FILTER_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> crmBodySizeLimitFilter(CrmWebProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties));
        registration.setOrder(BODY_SIZE_FILTER_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RepeatedParameterFilter> crmRepeatedParameterFilter() {
        FilterRegistrationBean<RepeatedParameterFilter> registration =
                new FilterRegistrationBean<>(new RepeatedParameterFilter());
        registration.setOrder(REPEATED_PARAMETER_FILTER_ORDER);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnProperty(name = "crm.web.idempotency.enabled", matchIfMissing = true)
    static class IdempotencyConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdempotencyStore crmIdempotencyStore(DataSource dataSource, CrmWebProperties properties) {
            return new IdempotencyStore(JdbcClient.create(dataSource), IdempotencyFilter.TABLE,
                    properties.idempotency().ttl(), properties.idempotency().inFlightTimeout());
        }

        @Bean
        IdempotencyPurger crmIdempotencyPurger(IdempotencyStore store, CrmWebProperties properties) {
            return new IdempotencyPurger(store, properties.idempotency().purgeInterval());
        }

        @Bean
        FilterRegistrationBean<IdempotencyFilter> crmIdempotencyFilter(IdempotencyStore store,
                CrmWebProperties properties) {
            FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                    new IdempotencyFilter(store, properties.idempotency().memoryThreshold().toBytes()));
            registration.setOrder(IDEMPOTENCY_FILTER_ORDER);
            return registration;
        }
    }
}
