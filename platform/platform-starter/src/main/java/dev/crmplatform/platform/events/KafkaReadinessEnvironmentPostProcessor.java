package dev.crmplatform.platform.events;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Default health groups: readiness covers the database and Kafka (ARCHITECTURE §9), liveness only the process.
 * Added with the lowest precedence, so a service's own {@code management.endpoint.health.group.*} wins.
 */
public class KafkaReadinessEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(READINESS_INCLUDE)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("crmKafkaHealthGroupDefaults",
                Map.of(READINESS_INCLUDE, "readinessState,db,kafka")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
