package dev.crmplatform.sales.support;

import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Every test context (each has a database of its own) consumes crm.customer.events in a consumer group of its own.
 * Test contexts stay alive in one JVM and share one broker: with a common group they would split the partitions,
 * and a test's events could be applied to another context's database.
 */
public class OwnConsumerGroups implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ownConsumerGroups", Map.of(
                "crm.sales.customer-replica.group-id", "sales-service.customer-replica.test-" + UUID.randomUUID())));
    }
}
