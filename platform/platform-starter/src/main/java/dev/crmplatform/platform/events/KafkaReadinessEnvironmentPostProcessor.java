package dev.crmplatform.platform.events;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Default health groups: readiness covers the database and Kafka (ARCHITECTURE §9), liveness only the process
 * (Boot's default {@code livenessState}).
 * Added with the lowest precedence, so a service's own {@code management.endpoint.health.group.*} wins.
 */
public class KafkaReadinessEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";
    static final String PROBES_ENABLED = "management.endpoint.health.probes.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(READINESS_INCLUDE)) {
            return;
        }
        // Probes on everywhere (not only when Kubernetes is detected), so readinessState exists for the group.
        environment.getPropertySources().addLast(new MapPropertySource("crmKafkaHealthGroupDefaults",
                Map.of(READINESS_INCLUDE, "readinessState,db,kafka", PROBES_ENABLED, "true")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
