package dev.crmplatform.local.issuer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The OIDC dev issuer as its own Spring Boot application context (own web server, own auto-configuration), hosted by
 * the launcher's JVM. No component scan, so nothing else of the launcher leaks in.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DevIssuerConfig.class)
public class DevIssuerApplication {
}
