package dev.crmplatform.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class CrmDefaultsEnvironmentPostProcessorTest {

    private final CrmDefaultsEnvironmentPostProcessor processor = new CrmDefaultsEnvironmentPostProcessor();

    @Test
    void addsDefaultsWithLowestPrecedence() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("management.endpoints.web.exposure.include", "health")));
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("ecs");
        assertThat(env.getProperty("spring.mvc.problemdetails.enabled")).isEqualTo("true");
        assertThat(env.getProperty("management.endpoint.health.group.readiness.include")).contains("db");
        assertThat(env.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
    }

    @Test
    void structuredLoggingCanBeSwitchedOffForLocalDevelopment() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("service", Map.of("crm.logging.structured", "false")));
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("logging.structured.format.console")).isNull();
        assertThat(env.getProperty("spring.mvc.problemdetails.enabled")).isEqualTo("true");
    }
}
