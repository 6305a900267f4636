package dev.crmplatform.customer.dedupe;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DedupeProperties.class)
class DedupeConfiguration {
}
