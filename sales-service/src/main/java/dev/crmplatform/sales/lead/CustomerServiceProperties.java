package dev.crmplatform.sales.lead;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how lead conversion calls customer-service ({@code crm.sales.customer-service}). Timeout, retry and
 * circuit breaker are the Resilience4j instance {@code customer-service} ({@code resilience4j.*.instances}).
 *
 * @param baseUrl        e.g. {@code http://127.0.0.1:8081} (env {@code CRM_CUSTOMER_SERVICE_URL})
 * @param connectTimeout TCP connect timeout of the HTTP client
 * @param readTimeout    the HTTP client's own read timeout, a safety net above the Resilience4j time limit
 */
@ConfigurationProperties("crm.sales.customer-service")
public record CustomerServiceProperties(
        @DefaultValue("http://127.0.0.1:8081") String baseUrl,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout) {
}
