package dev.crmplatform.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Adds the platform defaults ({@code crm-defaults.properties}) with the LOWEST precedence, so any service
 * configuration, profile, environment variable or test property overrides them.
 *
 * <p>Structured (ECS JSON) console logging is on unless {@code crm.logging.structured=false} (handy for local
 * development), or the service sets {@code logging.structured.format.console} itself.
 */
public class CrmDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY_SOURCE_NAME = "crmPlatformDefaults";
    static final String RESOURCE = "crm-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Properties defaults;
        try {
            defaults = PropertiesLoaderUtils.loadProperties(new ClassPathResource(RESOURCE,
                    CrmDefaultsEnvironmentPostProcessor.class.getClassLoader()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot load " + RESOURCE, ex);
        }
        if (!environment.getProperty("crm.logging.structured", Boolean.class, true)) {
            defaults.remove("logging.structured.format.console");
        }
        environment.getPropertySources().addLast(new PropertiesPropertySource(PROPERTY_SOURCE_NAME, defaults));
    }

    @Override
    public int getOrder() {
        // After config data has been loaded, so crm.logging.structured from application.yaml is visible.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
