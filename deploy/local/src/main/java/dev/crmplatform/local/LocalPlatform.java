package dev.crmplatform.local;

import java.util.Arrays;
import java.util.List;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The one command that runs the whole CRM platform locally:
 * {@code java -jar deploy/local/target/crm-local-exec.jar [--demo-data] [--quiet]}.
 *
 * <p>This context is deliberately small (no web server, no auto-configuration): it only orchestrates. The dev issuer
 * runs in its own Spring context, every service in its own JVM. Closing this context (the JVM shutdown hook on Ctrl-C
 * or SIGTERM) stops everything in reverse order.
 */
@SpringBootConfiguration
@EnableConfigurationProperties(LocalProperties.class)
public class LocalPlatform {

    @Bean(destroyMethod = "stop")
    Platform platform(LocalProperties properties) {
        return new Platform(properties, System.getenv(), System.out);
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = Arrays.asList(args);
        SpringApplication application = new SpringApplication(LocalPlatform.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        ConfigurableApplicationContext context = application.run(args);
        Platform platform = context.getBean(Platform.class);
        try {
            platform.start(new Platform.Options(flags.contains("--demo-data"), flags.contains("--quiet")));
        } catch (LaunchException e) {
            System.err.println();
            System.err.println("CRM platform NOT started: " + e.getMessage());
            context.close();
            System.exit(1);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(LocalPlatform.class).error("CRM platform NOT started: unexpected failure", e);
            context.close();
            System.exit(1);
        }
        // Keep running until Ctrl-C / SIGTERM: Spring's shutdown hook closes the context, which stops the platform.
        platform.awaitStop();
    }
}
